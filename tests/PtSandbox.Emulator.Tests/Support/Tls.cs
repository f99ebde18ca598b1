using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Emulator.Tests.Support;

/// <summary>Client-side trust written independently of the emulator's own: the PEM is the only root, names are checked.</summary>
internal static class Tls
{
    public static RemoteCertificateValidationCallback TrustOnly(string pem)
    {
        var root = X509Certificate2.CreateFromPem(pem);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
