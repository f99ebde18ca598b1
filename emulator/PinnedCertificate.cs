using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Emulator;

/// <summary>Trusts exactly one certificate (the emulator's PEM) as the only root, and still checks the host name.</summary>
internal static class PinnedCertificate
{
    public static RemoteCertificateValidationCallback Validator(string certificatePem)
    {
        var expected = X509Certificate2.CreateFromPem(certificatePem);
        return (_, presented, _, errors) =>
        {
            if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(expected);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var certificate = new X509Certificate2(presented);
            return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(expected.RawDataMemory.Span);
        };
    }
}
