namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>The "PersonalData" configuration section: where keys live.</summary>
public sealed class PersonalDataOptions
{
    public const string SectionName = "PersonalData";

    /// <summary>Data Protection key ring folder; defaults to "keys" under the data directory.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Base64 secret for blind indexes; set it from a secret store in production.</summary>
    public string? BlindIndexKey { get; set; }

    /// <summary>A .pfx whose certificate encrypts the key ring at rest (production); none in development.</summary>
    public string? KeyEncryptionCertificatePath { get; set; }

    public string? KeyEncryptionCertificatePassword { get; set; }
}
