using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin.Account;

public enum StaffSignInOutcome
{
    SignedIn,
    NeedsSecondFactor,
    Refused,
}

/// <summary>
/// The password step of a staff sign-in (ASVS 2.2.1, 3.2.x of the issue): every attempt costs one password-hash
/// verification and one audit row, whether the account exists, is locked, deactivated or throttled, and every
/// refusal is the same refusal. The page therefore tells nobody which addresses belong to staff.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, SignInAttempts attempts, AppDbContext db,
    IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Audit rows of attempts on names that are not staff: the typed name is never kept.</summary>
    public const string UnknownAccount = "(unknown account)";

    public async Task<(StaffSignInOutcome Outcome, StaffUser? User)> PasswordAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var name = (email ?? string.Empty).Trim();
        var attempt = attempts.KeyFor(users.NormalizeEmail(name) ?? string.Empty);
        var user = name.Length == 0 ? null : await users.FindByEmailAsync(name);
        var refusal = user switch
        {
            null => "unknown account",
            { IsActive: false } => "deactivated account",
            _ when attempts.IsThrottled(attempt) => "too many failures for this account",
            _ when string.IsNullOrEmpty(password) => "no password",
            _ when await users.IsLockedOutAsync(user) => "account locked",
            _ => null,
        };
        if (refusal is not null)
        {
            // The same work as a real check: an attacker timing the page learns nothing.
            attempts.VerifyDummy(users.PasswordHasher, password);
            attempts.Failed(attempt);
            await AuditAsync(user?.Id ?? UnknownAccount, AuditAction.SignInFailed, refusal, cancellationToken);
            return (StaffSignInOutcome.Refused, null);
        }

        var result = await signIn.PasswordSignInAsync(user!, password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            attempts.Succeeded(attempt);
            if (result.Succeeded)
            {
                await AuditAsync(user!.Id, AuditAction.SignedIn, "password", cancellationToken);
            }

            return (result.Succeeded ? StaffSignInOutcome.SignedIn : StaffSignInOutcome.NeedsSecondFactor, user);
        }

        attempts.Failed(attempt);
        await AuditAsync(user!.Id, result.IsLockedOut ? AuditAction.SignInLockedOut : AuditAction.SignInFailed, "wrong password", cancellationToken);
        return (StaffSignInOutcome.Refused, null);
    }

    /// <summary>The second step: an authenticator code or a recovery code, audited either way.</summary>
    public async Task<SignInResult> SecondFactorAsync(StaffUser user, string code, bool recoveryCode, CancellationToken cancellationToken)
    {
        var result = recoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var how = recoveryCode ? "recovery code" : "authenticator code";
        var action = result.Succeeded ? AuditAction.SignedIn : result.IsLockedOut ? AuditAction.SignInLockedOut : AuditAction.SignInFailed;
        await AuditAsync(user.Id, action, result.Succeeded ? how : "wrong " + how, cancellationToken);
        return result;
    }

    private async Task AuditAsync(string staffUserId, AuditAction action, string details, CancellationToken cancellationToken)
    {
        var page = http.HttpContext?.Request.Path.Value ?? string.Empty;
        db.AuditLog.Add(new AuditEntry(staffUserId, action, null, page, null, details, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Per-account throttling of failed sign-ins that does not reveal which accounts exist: it counts failures for any
/// typed name, known or not, under a keyed hash of the name (the name itself is not kept), in a sliding window.
/// In memory: a restart forgets the counts, Identity's own lockout (stored) remains for real accounts.
/// </summary>
public sealed class SignInAttempts
{
    private const int MaxTrackedNames = 100_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly byte[] _nameKey = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _clock;
    private string? _dummyHash;

    public SignInAttempts(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        Limit = configuration.GetValue("Staff:SignInFailuresPerAccount", 5);
        Window = configuration.GetValue("Staff:SignInFailureWindow", TimeSpan.FromMinutes(15));
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    public string KeyFor(string normalizedName) => Convert.ToHexStringLower(HMACSHA256.HashData(_nameKey, Encoding.UTF8.GetBytes(normalizedName)));

    public bool IsThrottled(string key)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return false;
        }

        lock (failures)
        {
            Expire(failures);
            return failures.Count >= Limit;
        }
    }

    public void Failed(string key)
    {
        if (_failures.Count >= MaxTrackedNames)
        {
            Prune();
        }

        var failures = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures);
            failures.Enqueue(_clock.GetUtcNow());
        }
    }

    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    /// <summary>A password-hash verification with the site's hasher and cost, against a hash of nothing anyone knows.</summary>
    /// <summary>
    /// The hasher is Identity's (scoped, so it comes from the caller, not this singleton); the dummy hash is made once
    /// with it, with the same settings as real ones, so a refusal costs what a real check costs.
    /// </summary>
    public void VerifyDummy(IPasswordHasher<StaffUser> hasher, string? password)
    {
        var dummy = _dummyHash ??= hasher.HashPassword(new StaffUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(new StaffUser(), dummy, password ?? string.Empty);
    }

    private void Expire(Queue<DateTimeOffset> failures)
    {
        var since = _clock.GetUtcNow() - Window;
        while (failures.TryPeek(out var at) && at < since)
        {
            failures.Dequeue();
        }
    }

    private void Prune()
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }
}
