using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Client.Http;

/// <summary>
/// Server certificate check: the system store by default, exactly the configured CA certificates when
/// <c>caCertificate</c> is set, or nothing at all with <c>insecureSkipVerify</c>. Either way the certificate must
/// be one for a TLS server. Remembers why the last check failed, because HttpClient only reports "the SSL
/// connection could not be established".
/// </summary>
internal sealed class TlsVerifier
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection? trustedRoots;
    private readonly bool skipVerify;
    private volatile TlsFailure? lastFailure;

    private TlsVerifier(X509Certificate2Collection? trustedRoots, bool skipVerify)
    {
        this.trustedRoots = trustedRoots;
        this.skipVerify = skipVerify;
    }

    /// <summary>Parses the PEM; throws <see cref="ArgumentException"/> when it holds no usable certificate.</summary>
    public static TlsVerifier Create(SandboxClientOptions options)
    {
        if (options.InsecureSkipVerify || string.IsNullOrWhiteSpace(options.CaCertificatePem))
            return new TlsVerifier(null, options.InsecureSkipVerify);

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(options.CaCertificatePem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("caCertificate is not valid PEM", e);
        }
        if (roots.Count == 0)
            throw new ArgumentException("caCertificate holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        return new TlsVerifier(roots, false);
    }

    /// <summary>
    /// Why the most recent certificate check failed, if one did. It explains a handshake's failure only when that
    /// handshake ended on the refusal (see SandboxHttp): another connection's check may have failed meanwhile.
    /// </summary>
    public TlsFailure? LastFailure => lastFailure;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (skipVerify)
            return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Fail("the server sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Fail("the certificate does not match the host name");
        // SslStream's own chain already requires serverAuth; a failure there is described the same way.
        if (trustedRoots is null)
            return errors == SslPolicyErrors.None || Fail(Describe(chain, "not trusted by the system store"));
        return ValidateAgainstConfiguredRoots(certificate, chain);
    }

    private bool ValidateAgainstConfiguredRoots(X509Certificate certificate, X509Chain? serverChain)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots!);
        // Private CAs rarely publish revocation lists; a revocation fetch would also be network I/O.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // As SslStream requires of the system store's chain: a certificate for a TLS server, not, say, a client
        // certificate from the same CA. One without an extended key usage extension may serve any purpose (RFC 5280).
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (serverChain is not null)
        {
            // Intermediates the server sent, so a leaf signed by an intermediate still chains to the root.
            foreach (var element in serverChain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf) || Fail(Describe(custom, "not signed by the configured caCertificate"));
    }

    private bool Fail(string reason) => Fail(new TlsFailure(reason, Fix: null));

    private bool Fail(TlsFailure failure)
    {
        lastFailure = failure;
        return false;
    }

    private static TlsFailure Describe(X509Chain? chain, string untrusted)
    {
        var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToArray();
        if (statuses is [X509ChainStatusFlags.NotValidForUsage])
            return NotForServerAuthentication(chain!.ChainElements[0].Certificate);
        return new(statuses is { Length: > 0 } ? $"{untrusted}: {string.Join(", ", statuses)}" : untrusted, Fix: null);
    }

    private static TlsFailure NotForServerAuthentication(X509Certificate2 leaf)
    {
        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages.Cast<Oid>().ToArray();
        var which = usages is null || usages.Any(u => u.Value == ServerAuthentication)
            ? "an issuing CA's extended key usage excludes serverAuth"
            : $"its extended key usage lists {string.Join(", ", usages.Select(u => UsageName(u.Value)))}, not serverAuth";
        return new($"the certificate is not valid for server authentication ({which})",
            "the sandbox needs a certificate issued for a TLS server (extended key usage serverAuth)");
    }

    private static string UsageName(string? oid) => oid switch
    {
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        _ => oid ?? "?",
    };
}

/// <summary>Why a server certificate was refused, and the fix when it is not the usual one (trust the right CA).</summary>
internal sealed record TlsFailure(string Reason, string? Fix);
