using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Second-factor secrets at rest: a copy of the tokens table gives neither the authenticator key nor a recovery code.</summary>
public sealed partial class StaffSecretsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_tokens_table_holds_neither_the_authenticator_key_nor_a_recovery_code_and_both_still_sign_in()
    {
        await CreateStaffAsync(site, "secrets@fund.kz", twoFactor: false, StaffRoles.Administrator);
        var client = Browser(site);
        await SignInAsync(client, "secrets@fund.kz");
        var setup = await client.GetStringAsync("/admin/account/two-factor");
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var enabled = await PostAsync(client, "/admin/account/two-factor", new() { ["Code"] = Totp(key) });
        var codes = RecoveryCode().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        var stored = TokenValues();
        Console.WriteLine($"AspNetUserTokens rows: {stored.Count}; key shown to the user found in them: {stored.Count(v => v.Contains(key, StringComparison.OrdinalIgnoreCase))}; recovery codes found: {codes.Count(c => stored.Any(v => v.Contains(c, StringComparison.OrdinalIgnoreCase)))}");
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, v => v.Contains(key, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(stored, v => codes.Any(c => v.Contains(c, StringComparison.OrdinalIgnoreCase) || v.Contains(c.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));

        Assert.Equal("/admin", (await SignInAsync(Browser(site), "secrets@fund.kz", authenticatorKey: key)).Headers.Location!.OriginalString);
        Assert.Equal("/admin", (await RecoverAsync("secrets@fund.kz", codes[3])).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await RecoverAsync("secrets@fund.kz", codes[3])).StatusCode);
        Assert.Equal("/admin", (await RecoverAsync("secrets@fund.kz", codes[7])).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Plain_secrets_left_by_the_stock_store_are_rewritten_at_start_and_keep_working()
    {
        await CreateStaffAsync(site, "legacy@fund.kz", twoFactor: false, StaffRoles.ComplianceOfficer);
        var userId = await site.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == "legacy@fund.kz").Id));
        const string legacyKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        const string legacyCode = "7QX4M-K2P9B";
        using (var connection = site.OpenRawConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) VALUES ($id, '[AspNetUserStore]', 'AuthenticatorKey', $key), ($id, '[AspNetUserStore]', 'RecoveryCodes', $codes);
                UPDATE AspNetUsers SET TwoFactorEnabled = 1 WHERE Id = $id;
                """;
            command.Parameters.AddWithValue("$id", userId);
            command.Parameters.AddWithValue("$key", legacyKey);
            command.Parameters.AddWithValue("$codes", legacyCode + ";ZZZZZ-ZZZZZ");
            command.ExecuteNonQuery();
        }

        var changed = await site.WithDbAsync(db => StaffSecretStore.ProtectPlaintextSecretsAsync(db, site.Services.GetRequiredService<IDataProtectionProvider>()));

        Assert.Equal(2, changed);
        Assert.DoesNotContain(TokenValues(), v => v.Contains(legacyKey, StringComparison.Ordinal) || v.Contains(legacyCode, StringComparison.Ordinal));
        Assert.Equal("/admin", (await SignInAsync(Browser(site), "legacy@fund.kz", authenticatorKey: legacyKey)).Headers.Location!.OriginalString);
        Assert.Equal("/admin", (await RecoverAsync("legacy@fund.kz", legacyCode)).Headers.Location!.OriginalString);
    }

    private async Task<HttpResponseMessage> RecoverAsync(string email, string code)
    {
        var client = Browser(site);
        await SignInAsync(client, email);
        return await PostAsync(client, "/admin/sign-in/recovery", new() { ["Code"] = code }, "/admin/sign-in/recovery");
    }

    private List<string> TokenValues()
    {
        using var connection = site.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Value FROM AspNetUserTokens WHERE Value IS NOT NULL";
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [GeneratedRegex("id=\"shared-key\">([a-z0-9 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li>([0-9A-Za-z-]+)</li>")]
    private static partial Regex RecoveryCode();
}
