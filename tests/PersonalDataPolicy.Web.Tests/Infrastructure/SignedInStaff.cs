using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data.Staff;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>A staff member with an account, signed in through the sign-in pages (with the authenticator step their roles need).</summary>
public sealed record SignedInStaff(HttpClient Client, string Id, string Email)
{
    public static async Task<SignedInStaff> CreateAsync(SiteFactory site, string email, params string[] roles)
    {
        var key = await CreateStaffAsync(site, email, twoFactor: roles.Any(StaffRoles.RequireTwoFactor.Contains), roles);
        var client = Browser(site);
        await SignInAsync(client, email, authenticatorKey: key);
        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return new SignedInStaff(client, id, email);
    }

    public Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> fields, string tokenPage) =>
        StaffJourney.PostAsync(Client, url, fields, tokenPage);
}
