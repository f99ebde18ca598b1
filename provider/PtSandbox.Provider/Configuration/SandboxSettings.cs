using PtSandbox.Client;

namespace PtSandbox.Provider.Configuration;

/// <summary>The provider configuration after validation: what the sandbox client needs, and the operation budget.</summary>
internal sealed record SandboxSettings(
    Uri BaseUrl,
    string Username,
    string Password,
    SandboxAuthType AuthType,
    string? CaCertificatePem,
    bool InsecureSkipVerify,
    TimeSpan RequestTimeout,
    TimeSpan OperationTimeout)
{
    public SandboxClientOptions ToClientOptions() => new()
    {
        BaseUrl = BaseUrl,
        Username = Username,
        Password = Password,
        AuthType = AuthType,
        CaCertificatePem = CaCertificatePem,
        InsecureSkipVerify = InsecureSkipVerify,
        RequestTimeout = RequestTimeout,
    };

    // Records print every member: keep the password out of anything that formats this object.
    public override string ToString() => $"SandboxSettings {{ BaseUrl = {BaseUrl}, Username = {Username}, AuthType = {AuthType} }}";
}
