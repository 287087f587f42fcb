using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Encrypts personal data with ASP.NET Core Data Protection (authenticated encryption, rotating key ring).</summary>
/// <remarks>
/// EF Core keeps each model it builds, with the converters that hold this protector, in a process-wide cache; so the site
/// lets go of its key ring (and through it of its services) when it stops, or every stopped site would stay in memory.
/// </remarks>
public sealed class DataProtectionPersonalDataProtector(IDataProtectionProvider provider) : IPersonalDataProtector, IDisposable
{
    private IDataProtector? _protector = provider.CreateProtector("PersonalDataPolicy.PersonalData.v1");

    public string Protect(string plaintext) => Current.Protect(plaintext);

    public string Unprotect(string protectedText) => Current.Unprotect(protectedText);

    public void Dispose() => _protector = null;

    private IDataProtector Current => _protector ?? throw new ObjectDisposedException(nameof(DataProtectionPersonalDataProtector));
}

/// <summary>HMAC-SHA256 over the normalised value, with a separate key per kind of value.</summary>
public sealed class HmacBlindIndex(BlindIndexKey key) : IBlindIndex
{
    public string Compute(BlindIndexKind kind, string normalizedValue) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(kind + ":" + normalizedValue)));
}

/// <summary>
/// The secret behind the blind indexes. Taken from configuration (PersonalData:BlindIndexKey, base64, 32 bytes)
/// in production; otherwise generated once and kept in the key folder, wrapped by the Data Protection key ring.
/// It is not rotated like the ring: a new key means recomputing every index (docs/data-protection.md).
/// </summary>
public sealed class BlindIndexKey
{
    private BlindIndexKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public static BlindIndexKey Load(string? configuredBase64, string keysDirectory, IDataProtectionProvider provider)
    {
        if (!string.IsNullOrWhiteSpace(configuredBase64))
        {
            var configured = Convert.FromBase64String(configuredBase64);
            return configured.Length >= 32
                ? new BlindIndexKey(configured)
                : throw new InvalidOperationException("PersonalData:BlindIndexKey must be at least 32 bytes (base64).");
        }

        var protector = provider.CreateProtector("PersonalDataPolicy.BlindIndexKey.v1");
        var path = Path.Combine(keysDirectory, "blind-index.key");
        if (File.Exists(path))
        {
            return new BlindIndexKey(protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path))));
        }

        PrivateFiles.CreateFolder(keysDirectory);
        var bytes = RandomNumberGenerator.GetBytes(32);
        PrivateFiles.WriteNew(path, Convert.ToBase64String(protector.Protect(bytes)));
        return new BlindIndexKey(bytes);
    }
}
