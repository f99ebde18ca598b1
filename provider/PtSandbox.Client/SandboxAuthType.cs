namespace PtSandbox.Client;

/// <summary>How the UI login authenticates the user (the <c>authType</c> field of the login call).</summary>
public enum SandboxAuthType
{
    Local = 0,
    Ldap = 1,
}
