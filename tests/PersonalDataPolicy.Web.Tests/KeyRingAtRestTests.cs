using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The secrets on disk: the database, the key ring and the blind-index key are readable by the site's account only,
/// and a production site refuses to start with a key ring that is not encrypted at rest.
/// </summary>
public sealed class KeyRingAtRestTests(ITestOutputHelper output)
{
    private static readonly string[] DatabaseFiles = ["personal-data-policy.db", "personal-data-policy.db-wal", "personal-data-policy.db-shm", "personal-data-policy.db-journal"];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_the_key_ring_and_the_blind_index_key_are_private_to_the_sites_account()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; Windows relies on the ACLs of the folder.
        }

        await using var site = new SiteFactory { FreshDatabase = true };
        var data = Path.Combine(site.DataDirectory, "app-data");
        site.Settings["Database:DataDirectory"] = data;
        using var client = site.CreateClient();
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
        site.Services.GetRequiredService<IBlindIndex>().Compute(BlindIndexKind.Email, "warm-up@example.kz");

        // A key made later (rotation) is private too, not only the ones found at start.
        site.Services.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

        var keys = Path.Combine(data, "keys");
        var folders = new[] { data, keys };
        var files = DatabaseFiles
            .Select(f => Path.Combine(data, f)).Where(File.Exists)
            .Concat(Directory.GetFiles(keys))
            .ToList();
        foreach (var path in folders.Concat(files))
        {
            var line = $"{Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0')} {Path.GetRelativePath(site.DataDirectory, path)}";
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        Assert.Contains(files, f => f.EndsWith("personal-data-policy.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("blind-index.key", StringComparison.Ordinal));

        // The database was left for EF to create, so it is in WAL mode (a file made in advance would not be).
        Assert.Contains(files, f => f.EndsWith("personal-data-policy.db-wal", StringComparison.Ordinal));
        Assert.True(Directory.GetFiles(keys, "key-*.xml").Length >= 2);
        Assert.All(folders, d => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_certificate_for_the_key_ring()
    {
        await using var site = Production();

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        var message = Flatten(error);
        output.WriteLine(message);
        Console.WriteLine(message);
        Assert.Contains("PersonalData:KeyEncryptionCertificatePath", message);
        Assert.Contains("docs/data-protection.md", message);
    }

    [Fact]
    public async Task Production_with_a_certificate_keeps_only_encrypted_keys_on_disk()
    {
        await using var site = Production();
        var pfx = KeyRingCertificate.WriteTo(site.DataDirectory);
        site.Settings["PersonalData:KeyEncryptionCertificatePath"] = pfx;
        site.Settings["PersonalData:KeyEncryptionCertificatePassword"] = KeyRingCertificate.Password;
        using var client = site.CreateClient();
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
        site.Services.GetRequiredService<IBlindIndex>().Compute(BlindIndexKind.Email, "warm-up@example.kz");

        var keyFiles = Directory.GetFiles(Path.Combine(site.DataDirectory, "keys"), "key-*.xml");
        var summary = $"Production key ring: {keyFiles.Length} key file(s); with <encryptedSecret: {keyFiles.Count(f => File.ReadAllText(f).Contains("<encryptedSecret", StringComparison.Ordinal))}; with a plain <masterKey: {keyFiles.Count(f => File.ReadAllText(f).Contains("<masterKey", StringComparison.Ordinal))}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, f =>
        {
            var xml = File.ReadAllText(f);
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Fact]
    public async Task New_keys_are_AES_256_GCM_and_what_an_older_CBC_key_protected_still_reads()
    {
        await using var site = new SiteFactory();
        // The key ring as the site kept it before issue 13: Data Protection's default, AES-256-CBC with HMACSHA256.
        var keys = Directory.CreateDirectory(Path.Combine(site.DataDirectory, "keys"));
        var before = DataProtectionProvider.Create(keys, b => b.SetApplicationName("PersonalDataPolicy"));
        var storedBefore = before.CreateProtector("PersonalDataPolicy.PersonalData.v1").Protect("Сейтқазы Әсел");
        using var client = site.CreateClient();
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);

        Assert.Equal("Сейтқазы Әсел", site.Services.GetRequiredService<PersonalDataPolicy.Data.Protection.IPersonalDataProtector>().Unprotect(storedBefore));
        var keyManager = site.Services.GetRequiredService<IKeyManager>();
        var older = Assert.Single(keyManager.GetAllKeys());
        Assert.Contains("AES_256_CBC", older.Descriptor.ExportToXml().SerializedDescriptorElement.ToString());

        var rotated = keyManager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var descriptor = rotated.Descriptor.ExportToXml().SerializedDescriptorElement.ToString();
        output.WriteLine(descriptor);
        Assert.Contains("<encryption algorithm=\"AES_256_GCM\"", descriptor);
    }

    /// <summary>A site in the Production environment with the settings production must give anyway.</summary>
    private static SiteFactory Production()
    {
        var site = new SiteFactory { EnvironmentName = "Production" };
        foreach (var (key, value) in PlaceholderOperator.Settings)
        {
            site.Settings[key] = value;
        }

        return site;
    }

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
