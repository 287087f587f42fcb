using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin;

/// <summary>
/// The Identity user store with the second-factor secrets kept safe at rest (ASVS 2.8.2, 2.5.2): the authenticator
/// key is encrypted with the Data Protection key ring, recovery codes are kept only as PBKDF2 hashes. A copy of the
/// AspNetUserTokens table therefore neither yields a working TOTP seed nor a usable recovery code.
/// </summary>
public sealed class StaffSecretStore(AppDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
    : UserStore<StaffUser, IdentityRole, AppDbContext>(context, describer)
{
    /// <summary>The login provider and token names of the base store (private constants there).</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string AuthenticatorKeyName = "AuthenticatorKey";
    public const string RecoveryCodesName = "RecoveryCodes";

    private const string ProtectedKeyPrefix = "dp1:";
    private const string HashedCodesPrefix = "pbkdf2-sha256.100000:";
    private const int Iterations = 100_000;

    private readonly IDataProtector _keys = KeyProtector(dataProtection);

    public override Task SetAuthenticatorKeyAsync(StaffUser user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyName, ProtectKey(_keys, key), cancellationToken);

    /// <summary>A key that cannot be read (not ours, or its ring key is gone) counts as no key: the person sets up the app again.</summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyName, cancellationToken);
        if (stored is null || !stored.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return _keys.Unprotect(stored[ProtectedKeyPrefix.Length..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public override Task ReplaceCodesAsync(StaffUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, HashCodes(user.Id, recoveryCodes), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(StaffUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var hashes = await StoredHashesAsync(user, cancellationToken);
        var given = HashCode(user.Id, code);
        var match = hashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(h), Convert.FromBase64String(given)));
        if (match is null)
        {
            return false;
        }

        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, HashedCodesPrefix + string.Join(';', hashes.Where(h => h != match)), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(StaffUser user, CancellationToken cancellationToken) =>
        (await StoredHashesAsync(user, cancellationToken)).Count;

    /// <summary>
    /// Start-up data migration: rows written by the stock store (plain key, plain codes) are rewritten in the
    /// protected form, so no plaintext second-factor secret outlives the upgrade. Returns how many rows it changed.
    /// </summary>
    public static async Task<int> ProtectPlaintextSecretsAsync(AppDbContext db, IDataProtectionProvider dataProtection, CancellationToken cancellationToken = default)
    {
        var keys = KeyProtector(dataProtection);
        var rows = await db.UserTokens
            .Where(t => t.LoginProvider == InternalLoginProvider && (t.Name == AuthenticatorKeyName || t.Name == RecoveryCodesName))
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var row in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
        {
            if (row.Name == AuthenticatorKeyName && !row.Value!.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal))
            {
                row.Value = ProtectKey(keys, row.Value);
                changed++;
            }
            else if (row.Name == RecoveryCodesName && !row.Value!.StartsWith(HashedCodesPrefix, StringComparison.Ordinal))
            {
                row.Value = HashCodes(row.UserId, row.Value.Split(';', StringSplitOptions.RemoveEmptyEntries));
                changed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    private async Task<List<string>> StoredHashesAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, cancellationToken) ?? string.Empty;
        return stored.StartsWith(HashedCodesPrefix, StringComparison.Ordinal)
            ? [.. stored[HashedCodesPrefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries)]
            : [];
    }

    private static IDataProtector KeyProtector(IDataProtectionProvider provider) => provider.CreateProtector("PersonalDataPolicy.StaffAuthenticatorKey.v1");

    private static string ProtectKey(IDataProtector keys, string key) => ProtectedKeyPrefix + keys.Protect(key);

    private static string HashCodes(string userId, IEnumerable<string> codes) =>
        HashedCodesPrefix + string.Join(';', codes.Select(c => HashCode(userId, c)));

    /// <summary>The account's id salts the hash, so one derivation checks a typed code against all of that account's codes.</summary>
    private static string HashCode(string userId, string code) =>
        Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), Encoding.UTF8.GetBytes("recovery-code:" + userId), Iterations, HashAlgorithmName.SHA256, 32));
}
