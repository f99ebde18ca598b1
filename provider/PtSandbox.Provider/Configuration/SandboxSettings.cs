using PtSandbox.Client;

namespace PtSandbox.Provider.Configuration;

/// <summary>The provider configuration after validation: exactly what the sandbox client needs.</summary>
internal sealed record SandboxSettings(
    Uri BaseUrl,
    string Username,
    string Password,
    SandboxAuthType AuthType,
    string? CaCertificatePem,
    bool InsecureSkipVerify)
{
    public SandboxClientOptions ToClientOptions() => new()
    {
        BaseUrl = BaseUrl,
        Username = Username,
        Password = Password,
        AuthType = AuthType,
        CaCertificatePem = CaCertificatePem,
        InsecureSkipVerify = InsecureSkipVerify,
    };

    // Records print every member: keep the password out of anything that formats this object.
    public override string ToString() => $"SandboxSettings {{ BaseUrl = {BaseUrl}, Username = {Username}, AuthType = {AuthType} }}";
}
