using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The staff sign-in gives the same answer, after the same work, for an unknown name, a wrong password and a locked
/// account, so neither the page nor a stopwatch tells who is staff.
/// </summary>
[Collection(TimingMeasurement.Name)]
public sealed partial class SignInEnumerationTests : IClassFixture<SiteFactory>
{
    private const int Runs = 15;
    private readonly SiteFactory _site;
    private readonly ITestOutputHelper _output;

    public SignInEnumerationTests(SiteFactory site, ITestOutputHelper output)
    {
        _site = site;
        _output = output;

        // The production hash cost: the dummy verification of a refusal must cost what a real check costs.
        _site.PasswordHashIterations = null;

        // Lower than Identity's lockout (5), so the per-name throttle shows on its own.
        _site.Settings["Staff:SignInFailuresPerAccount"] = "3";
    }

    [Fact]
    public async Task Unknown_name_wrong_password_and_locked_account_get_the_same_answer_in_the_same_time()
    {
        for (var i = 0; i < Runs + 1; i++)
        {
            await CreateStaffAsync(_site, $"known{i}@fund.kz", twoFactor: false, StaffRoles.Staff);
        }

        await CreateStaffAsync(_site, "locked@fund.kz", twoFactor: false, StaffRoles.Staff);
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "locked@fund.kz")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(15))));

        // Warm-up: the first request of each kind pays for compilation and caches.
        await TimedAsync("nobody-warm@fund.kz", "Whatever-123456");
        await TimedAsync($"known{Runs}@fund.kz", "Wrong-password-1");

        var unknown = new List<(HttpStatusCode, string, double)>();
        var wrong = new List<(HttpStatusCode, string, double)>();
        var locked = new List<(HttpStatusCode, string, double)>();
        for (var i = 0; i < Runs; i++)
        {
            unknown.Add(await TimedAsync($"nobody{i}@fund.kz", "Whatever-123456"));
            wrong.Add(await TimedAsync($"known{i}@fund.kz", "Wrong-password-1"));
            locked.Add(await TimedAsync("locked@fund.kz", Password));
        }

        var (mUnknown, mWrong, mLocked) = (Median(unknown), Median(wrong), Median(locked));
        var summary = $"Staff sign-in, median of {Runs}: unknown name {mUnknown:F1} ms, wrong password {mWrong:F1} ms, locked account {mLocked:F1} ms; ratios wrong/unknown {mWrong / mUnknown:F2}, locked/unknown {mLocked / mUnknown:F2}";
        _output.WriteLine(summary);
        Console.WriteLine(summary);

        var all = unknown.Concat(wrong).Concat(locked).ToList();
        Assert.All(all, r => Assert.Equal(HttpStatusCode.BadRequest, r.Item1));
        Assert.Single(all.Select(r => r.Item2).Distinct());
        Assert.Contains("The e-mail address or password is not correct.", all[0].Item2);
        Assert.InRange(mWrong / mUnknown, 0.5, 2.0);
        Assert.InRange(mLocked / mUnknown, 0.5, 2.0);
    }

    [Fact]
    public async Task Failures_are_throttled_per_name_and_audited_without_the_typed_name_of_strangers()
    {
        await CreateStaffAsync(_site, "throttled@fund.kz", twoFactor: false, StaffRoles.Staff);
        var strangersBefore = await _site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.StaffUserId == "(unknown account)"));
        for (var i = 0; i < 3; i++)
        {
            await SignInAsync(Browser(_site), "throttled@fund.kz", "Wrong-password-1");
            await SignInAsync(Browser(_site), "stranger-typed-name@fund.kz", "Wrong-password-1");
        }

        // Three failures: the name is throttled before Identity's own lockout (five), with the same answer.
        var refused = await SignInAsync(Browser(_site), "throttled@fund.kz");
        var user = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "throttled@fund.kz"));
        var rows = await _site.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Action == AuditAction.SignInFailed || e.Action == AuditAction.SignedIn || e.Action == AuditAction.SignInLockedOut).ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The e-mail address or password is not correct.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, user.AccessFailedCount);
        Assert.Null(user.LockoutEnd);
        Assert.Contains(rows, e => e.StaffUserId == user.Id && e.Details == "too many failures for this account");
        Assert.Equal(strangersBefore + 3, rows.Count(e => e.StaffUserId == "(unknown account)" && e.Details == "unknown account"));
        Assert.DoesNotContain(rows, e => (e.StaffUserId + e.Details + e.Page).Contains("stranger", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("stranger-typed-name", _site.Log.All, StringComparison.OrdinalIgnoreCase);

        await CreateStaffAsync(_site, "audited@fund.kz", twoFactor: false, StaffRoles.Staff);
        await SignInAsync(Browser(_site), "audited@fund.kz");
        var audited = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "audited@fund.kz"));
        Assert.True(await _site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.StaffUserId == audited.Id && e.Action == AuditAction.SignedIn)));
    }

    [Fact]
    public async Task The_failure_that_locks_an_account_is_audited_as_a_lockout()
    {
        await CreateStaffAsync(_site, "lock-audit@fund.kz", twoFactor: false, StaffRoles.Staff);
        var user = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "lock-audit@fund.kz"));
        await _site.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, 4));
            return 0;
        });

        await SignInAsync(Browser(_site), "lock-audit@fund.kz", "Wrong-password-1");

        Assert.True(await _site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.StaffUserId == user.Id && e.Action == AuditAction.SignInLockedOut)));
    }

    private async Task<(HttpStatusCode Status, string Message, double Milliseconds)> TimedAsync(string email, string password)
    {
        var client = Browser(_site);
        var token = await Forms.AntiforgeryTokenAsync(client, "/admin/sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token });
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/admin/sign-in", form);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        return (response.StatusCode, VisibleAnswer(body, email), watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>The page's main part with the typed address and the antiforgery token taken out.</summary>
    private static string VisibleAnswer(string html, string email)
    {
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        return TokenValue().Replace(main.Replace(email, "{email}", StringComparison.Ordinal), "value=\"{token}\"");
    }

    private static double Median(List<(HttpStatusCode, string, double Milliseconds)> runs)
    {
        var sorted = runs.Select(r => r.Milliseconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]+\"")]
    private static partial Regex TokenValue();
}
