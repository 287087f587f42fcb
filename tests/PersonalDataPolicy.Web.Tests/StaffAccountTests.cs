using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

public sealed partial class StaffAccountTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_first_administrator_is_created_by_a_command_and_must_replace_the_one_time_password_then_set_up_an_authenticator()
    {
        var (exit, output) = await CreateAdminCommandAsync(site, "--email", "first.admin@fund.kz", "--name", "First Admin");
        Assert.Equal(0, exit);
        var oneTime = OneTimePasswordIn(output);
        Assert.Equal(20, oneTime.Length);
        var client = Browser(site);

        Assert.Equal("/admin", (await SignInAsync(client, "first.admin@fund.kz", oneTime)).Headers.Location!.OriginalString);
        Assert.Equal("/admin/account/password", (await client.GetAsync("/admin")).Headers.Location!.OriginalString);
        var changed = await PostAsync(client, "/admin/account/password", new() { ["CurrentPassword"] = oneTime, ["NewPassword"] = Password, ["ConfirmPassword"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        // An administrator without a second factor is sent to set one up before anything else.
        Assert.Equal("/admin/account/two-factor", (await client.GetAsync("/admin/staff")).Headers.Location!.OriginalString);
        var setup = await client.GetStringAsync("/admin/account/two-factor");
        Assert.Contains("src=\"data:image/svg", setup);
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var enabled = await PostAsync(client, "/admin/account/two-factor", new() { ["Code"] = Totp(key) });
        var codes = await enabled.Content.ReadAsStringAsync();
        Assert.Equal(10, Regex.Count(codes, "<li>[0-9A-Z-]+</li>", RegexOptions.IgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/staff")).StatusCode);

        // Next time the authenticator code is asked for.
        var again = Browser(site);
        Assert.Equal("/admin/sign-in/code", (await SignInAsync(again, "first.admin@fund.kz")).Headers.Location!.OriginalString.Split('?')[0]);
        var wrong = await PostAsync(again, "/admin/sign-in/code", new() { ["Code"] = "000000" }, "/admin/sign-in/code");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var right = await PostAsync(again, "/admin/sign-in/code", new() { ["Code"] = Totp(key) }, "/admin/sign-in/code");
        Assert.Equal("/admin", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var key = await CreateStaffAsync(site, "recovery@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        var client = Browser(site);
        await SignInAsync(client, "recovery@fund.kz", authenticatorKey: key);
        var codes = await (await PostAsync(client, "/admin/account/recovery-codes", [], "/admin/account")).Content.ReadAsStringAsync();
        var code = Regex.Match(codes, "<li>([0-9A-Za-z-]+)</li>").Groups[1].Value;

        var first = Browser(site);
        await SignInAsync(first, "recovery@fund.kz");
        var used = await PostAsync(first, "/admin/sign-in/recovery", new() { ["Code"] = code }, "/admin/sign-in/recovery");
        var second = Browser(site);
        await SignInAsync(second, "recovery@fund.kz");
        var reused = await PostAsync(second, "/admin/sign-in/recovery", new() { ["Code"] = code }, "/admin/sign-in/recovery");

        Assert.Equal("/admin", used.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_message_never_tells_who_is_staff()
    {
        await CreateStaffAsync(site, "lockout@fund.kz", twoFactor: false, StaffRoles.Staff);
        var client = Browser(site);

        var unknown = await SignInAsync(client, "nobody@fund.kz", "Whatever-123456");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(client, "lockout@fund.kz", "Wrong-password-1")).StatusCode);
        }

        var wrongPassword = await (await SignInAsync(client, "lockout@fund.kz", "Wrong-password-1")).Content.ReadAsStringAsync();
        var locked = await SignInAsync(client, "lockout@fund.kz");

        // A locked account answers like an unknown one: "locked" would tell that the address is staff.
        Assert.Contains("The e-mail address or password is not correct.", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("The e-mail address or password is not correct.", wrongPassword);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("The e-mail address or password is not correct.", await locked.Content.ReadAsStringAsync());
        Assert.DoesNotContain("locked", await locked.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var account = await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == "lockout@fund.kz"));
        Assert.NotNull(account.LockoutEnd);
    }

    [Fact]
    public async Task Every_admin_page_needs_a_staff_role_and_staff_management_needs_the_administrator_role()
    {
        await CreateStaffAsync(site, "caseworker@fund.kz", twoFactor: false, StaffRoles.Staff);
        var anonymous = Browser(site);
        var staff = Browser(site);
        await SignInAsync(staff, "caseworker@fund.kz");

        Assert.StartsWith("/admin/sign-in", (await anonymous.GetAsync("/admin")).Headers.Location!.OriginalString.Replace("http://localhost", string.Empty, StringComparison.Ordinal));
        var dashboard = await staff.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("noindex, nofollow", dashboard.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("<meta name=\"robots\" content=\"noindex, nofollow\" />", await dashboard.Content.ReadAsStringAsync());
        Assert.StartsWith("/admin/denied", (await staff.GetAsync("/admin/staff")).Headers.Location!.OriginalString.Replace("http://localhost", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_other_sessions_and_deactivation_ends_them_too()
    {
        await CreateStaffAsync(site, "two-devices@fund.kz", twoFactor: false, StaffRoles.Staff);
        await CreateStaffAsync(site, "leaver@fund.kz", twoFactor: false, StaffRoles.Staff);
        var adminKey = await CreateStaffAsync(site, "boss@fund.kz", twoFactor: true, StaffRoles.Administrator);
        var phone = Browser(site);
        var laptop = Browser(site);
        var leaver = Browser(site);
        var admin = Browser(site);
        await SignInAsync(phone, "two-devices@fund.kz");
        await SignInAsync(laptop, "two-devices@fund.kz");
        await SignInAsync(leaver, "leaver@fund.kz");
        await SignInAsync(admin, "boss@fund.kz", authenticatorKey: adminKey);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leaver.GetAsync("/admin")).StatusCode);

        await PostAsync(laptop, "/admin/account/sign-out-everywhere", [], "/admin/account");
        var leaverId = await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == "leaver@fund.kz"));
        await PostAsync(admin, $"/admin/staff/{leaverId.Id}/active", new() { ["active"] = "false" }, "/admin/staff");

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leaver.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(Browser(site), "leaver@fund.kz")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_invites_staff_by_mail_and_the_link_sets_their_password()
    {
        var adminKey = await CreateStaffAsync(site, "inviter@fund.kz", twoFactor: true, StaffRoles.Administrator);
        var admin = Browser(site);
        await SignInAsync(admin, "inviter@fund.kz", authenticatorKey: adminKey);

        var bad = await PostAsync(admin, "/admin/staff/invite", new() { ["Email"] = "not-an-email", ["DisplayName"] = "" }, "/admin/staff");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var invited = await PostAsync(admin, "/admin/staff/invite", new()
        {
            ["Email"] = "newcomer@fund.kz",
            ["DisplayName"] = "Newcomer",
            ["Language"] = "ru",
            ["Roles"] = StaffRoles.ComplianceOfficer,
        }, "/admin/staff");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        // Four eyes: the ComplianceOfficer role waits for a second administrator.
        var secondKey = await CreateStaffAsync(site, "second-inviter@fund.kz", twoFactor: true, StaffRoles.Administrator);
        var second = Browser(site);
        await SignInAsync(second, "second-inviter@fund.kz", authenticatorKey: secondKey);
        var grant = await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.PendingApprovals, a => a.Role == StaffRoles.ComplianceOfficer));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, $"/admin/approvals/{grant.Id}/approve", [], "/admin/approvals")).StatusCode);

        var mail = await WaitForPickupAsync("newcomer@fund.kz");
        Assert.Contains("Приглашение в раздел сотрудников", mail);
        var link = Regex.Match(mail, @"http://localhost:5080(/admin/set-password\?user=[^\s]+)").Groups[1].Value;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        var newcomer = Browser(site);
        var set = await PostAsync(newcomer, "/admin/set-password", new()
        {
            ["User"] = query["user"]!,
            ["Token"] = query["token"]!,
            ["NewPassword"] = Password,
            ["ConfirmPassword"] = Password,
        }, link);
        Assert.Equal("/admin/sign-in", set.Headers.Location!.OriginalString);
        Assert.Equal("/admin", (await SignInAsync(newcomer, "newcomer@fund.kz")).Headers.Location!.OriginalString);
        Assert.Equal("/admin/account/two-factor", (await newcomer.GetAsync("/admin")).Headers.Location!.OriginalString);
    }

    /// <summary>The site writes mail to its pickup folder by default; the plain-text part holds the link.</summary>
    private Task<string> WaitForPickupAsync(string address) =>
        Eventually.FoundAsync(
            async () =>
            {
                foreach (var file in Directory.Exists(site.PickupDirectory) ? Directory.GetFiles(site.PickupDirectory, "*.eml") : [])
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address == address))
                    {
                        return message.Subject + "\n" + message.TextBody;
                    }
                }

                return null;
            },
            "a mail in the pickup folder to the address");

    [Fact]
    public async Task The_admin_area_speaks_the_staff_members_language()
    {
        await CreateStaffAsync(site, "kazakh@fund.kz", twoFactor: false, StaffRoles.Staff);
        await using (var scope = site.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
            var user = await users.FindByEmailAsync("kazakh@fund.kz");
            user!.PreferredLanguage = "kk";
            await users.UpdateAsync(user);
        }

        var client = Browser(site);
        await SignInAsync(client, "kazakh@fund.kz");
        var html = await client.GetStringAsync("/admin");

        Assert.Contains("<html lang=\"kk\">", html);
        Assert.Contains("Ашық сұраулар", html);
        var switched = await PostAsync(client, "/admin/account/language", new() { ["language"] = "ru", ["returnUrl"] = "/admin" }, "/admin");
        Assert.Contains("Открытые запросы", await client.GetStringAsync(switched.Headers.Location!.OriginalString));
    }

    [GeneratedRegex("id=\"shared-key\">([a-z0-9 ]+)<")]
    private static partial Regex SharedKey();
}
