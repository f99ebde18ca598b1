using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Client.Http;

/// <summary>
/// Server certificate check: the system store by default, exactly the configured CA certificates when
/// <c>caCertificate</c> is set, or nothing at all with <c>insecureSkipVerify</c>. Remembers why the last
/// check failed, because HttpClient only reports "the SSL connection could not be established".
/// </summary>
internal sealed class TlsVerifier
{
    private readonly X509Certificate2Collection? trustedRoots;
    private readonly bool skipVerify;
    private volatile string? lastFailure;

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
            throw new ArgumentException($"caCertificate is not valid PEM: {TextSnippet.OneLine(e.Message, 120)}", e);
        }
        if (roots.Count == 0)
            throw new ArgumentException("caCertificate holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        return new TlsVerifier(roots, false);
    }

    /// <summary>Why the most recent certificate check failed, if one did.</summary>
    public string? LastFailure => lastFailure;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (skipVerify)
            return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Fail("the server sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Fail("the certificate does not match the host name");
        if (trustedRoots is null)
            return errors == SslPolicyErrors.None || Fail(DescribeChain(chain, "not trusted by the system store"));
        return ValidateAgainstConfiguredRoots(certificate, chain);
    }

    private bool ValidateAgainstConfiguredRoots(X509Certificate certificate, X509Chain? serverChain)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots!);
        // Private CAs rarely publish revocation lists; a revocation fetch would also be network I/O.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (serverChain is not null)
        {
            // Intermediates the server sent, so a leaf signed by an intermediate still chains to the root.
            foreach (var element in serverChain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf) || Fail(DescribeChain(custom, "not signed by the configured caCertificate"));
    }

    private bool Fail(string reason)
    {
        lastFailure = reason;
        return false;
    }

    private static string DescribeChain(X509Chain? chain, string fallback)
    {
        var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToArray();
        return statuses is { Length: > 0 } ? $"{fallback}: {string.Join(", ", statuses)}" : fallback;
    }
}
