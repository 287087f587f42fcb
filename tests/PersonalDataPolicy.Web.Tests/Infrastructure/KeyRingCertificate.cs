using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>A throw-away self-signed certificate for the key ring: Production refuses to start without one.</summary>
public static class KeyRingCertificate
{
    public const string Password = "test-password";

    /// <summary>Writes the certificate as a .pfx (once) and returns its path.</summary>
    public static string WriteTo(string folder)
    {
        var pfx = Path.Combine(folder, "key-ring.pfx");
        if (!File.Exists(pfx))
        {
            Directory.CreateDirectory(folder);
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=PersonalDataPolicy key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, Password));
        }

        return pfx;
    }
}
