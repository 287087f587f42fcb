using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Commands;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>What a staff member does: get an account, sign in with a password and an authenticator code.</summary>
public static partial class StaffJourney
{
    public const string Password = "Correct-Horse-42-Battery";

    /// <summary>A browser whose language is English until the staff member's own choice takes over after sign-in.</summary>
    public static HttpClient Browser(SiteFactory site)
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>Creates an account with a known password and the given roles; returns the authenticator key if 2FA is turned on.</summary>
    public static async Task<string?> CreateStaffAsync(SiteFactory site, string email, bool twoFactor, params string[] roles)
    {
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, PreferredLanguage = "en", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        if (!twoFactor)
        {
            return null;
        }

        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return await users.GetAuthenticatorKeyAsync(user);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string? tokenPage = null) =>
        MyDataJourney.PostFormAsync(client, url, fields, tokenPage);

    /// <summary>Signs in; with a key, also answers the authenticator step. Returns the last response.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password, string? authenticatorKey = null)
    {
        var response = await PostAsync(client, "/admin/sign-in", new() { ["Email"] = email, ["Password"] = password });
        if (authenticatorKey is not null && response.Headers.Location?.OriginalString.StartsWith("/admin/sign-in/code", StringComparison.Ordinal) == true)
        {
            response = await PostAsync(client, "/admin/sign-in/code", new() { ["Code"] = Totp(authenticatorKey) }, "/admin/sign-in/code");
        }

        return response;
    }

    public static async Task<(int ExitCode, string Output)> CreateAdminCommandAsync(SiteFactory site, params string[] args)
    {
        using var output = new StringWriter();
        var code = await CreateAdminCommand.RunAsync(site.Services, [CreateAdminCommand.Name, .. args], new StringReader(string.Empty), output);
        return (code, output.ToString());
    }

    public static string OneTimePasswordIn(string output) => OneTimePassword().Match(output).Groups[1].Value;

    /// <summary>RFC 6238: what an authenticator app shows for this base32 key now (HMAC-SHA1, as the standard and every app use).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "TOTP is defined on HMAC-SHA1.")]
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"One-time password \(shown once; you will be asked to change it\): (\S+)")]
    private static partial Regex OneTimePassword();
}
