using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Every admin route × anonymous, Staff, ComplianceOfficer and Administrator, read from the routes themselves.</summary>
public sealed class AdminRoleMatrixTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    /// <summary>The only admin pages open without a role, on purpose.</summary>
    private static readonly string[] Anonymous = ["admin/sign-in", "admin/sign-in/code", "admin/sign-in/recovery", "admin/denied", "admin/set-password"];

    private static readonly Dictionary<string, string[]> PolicyRoles = new()
    {
        [StaffAccounts.AnyStaff] = [.. StaffRoles.All],
        [StaffAccounts.Administrators] = [StaffRoles.Administrator],
        [StaffAccounts.Compliance] = [StaffRoles.ComplianceOfficer],
        [StaffAccounts.CaseWork] = [StaffRoles.Staff, StaffRoles.Administrator],
        [StaffAccounts.Erasure] = [StaffRoles.Administrator, StaffRoles.ComplianceOfficer],
        [StaffAccounts.Approvals] = [StaffRoles.Administrator, StaffRoles.ComplianceOfficer],
        [StaffAccounts.Breaches] = [StaffRoles.Administrator, StaffRoles.ComplianceOfficer],
    };

    private IEnumerable<RouteEndpoint> AdminEndpoints() =>
        site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("admin", StringComparison.Ordinal) == true);

    [Fact]
    public void Every_admin_route_requires_a_known_staff_policy_or_is_one_of_the_few_anonymous_pages()
    {
        var endpoints = AdminEndpoints().ToList();
        Assert.True(endpoints.Count > 30);
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(Anonymous.Contains(route), $"{route} is open to anyone");
                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Count > 0, $"{route} has no policy");
            Assert.All(policies, p => Assert.True(p is not null && PolicyRoles.ContainsKey(p), $"{route}: unknown policy '{p}'"));
            Assert.Contains(StaffAccounts.AnyStaff, policies);
        }
    }

    public static TheoryData<string> Roles() => ["anonymous", .. StaffRoles.All];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_admin_page_answers_200_to_the_roles_its_policies_allow_and_sends_everyone_else_away(string role)
    {
        var client = Browser(site);
        if (role != "anonymous")
        {
            var email = $"matrix-{role.ToLowerInvariant()}@fund.kz";
            var key = await CreateStaffAsync(site, email, twoFactor: StaffRoles.RequireTwoFactor.Contains(role), role);
            await SignInAsync(client, email, authenticatorKey: key);
        }

        var pages = AdminEndpoints()
            .Where(e => e.RoutePattern.Parameters.Count == 0 && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .ToList();
        Assert.True(pages.Count > 10);
        foreach (var page in pages)
        {
            var route = "/" + page.RoutePattern.RawText!.TrimStart('/');
            var allowed = role != "anonymous" && page.Metadata.GetOrderedMetadata<IAuthorizeData>().All(a => PolicyRoles[a.Policy!].Contains(role));
            var response = await client.GetAsync(route);
            var where = response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString;
            var outcome = response.StatusCode == HttpStatusCode.OK ? "200" : where?.StartsWith("/admin/sign-in", StringComparison.Ordinal) == true ? "sign-in" : where?.StartsWith("/admin/denied", StringComparison.Ordinal) == true ? "denied" : $"{(int)response.StatusCode} {where}";
            var expected = allowed ? "200" : role == "anonymous" ? "sign-in" : "denied";
            Assert.True(expected == outcome, $"{role} GET {route}: expected {expected}, got {outcome}");
        }
    }

    /// <summary>The menu is built from routing; each link a role is shown must open for that role.</summary>
    [Theory]
    [MemberData(nameof(StaffRolesOnly))]
    public async Task Every_menu_link_a_role_is_shown_opens_for_that_role(string role)
    {
        var client = Browser(site);
        var email = $"menu-{role.ToLowerInvariant()}@fund.kz";
        var key = await CreateStaffAsync(site, email, twoFactor: StaffRoles.RequireTwoFactor.Contains(role), role);
        await SignInAsync(client, email, authenticatorKey: key);

        var page = await client.GetStringAsync("/admin/account");
        var nav = page[page.IndexOf("admin-nav", StringComparison.Ordinal)..];
        nav = nav[..nav.IndexOf("</nav>", StringComparison.Ordinal)];
        var links = System.Text.RegularExpressions.Regex.Matches(nav, "href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(links.Count >= 3, $"{role}: menu has {links.Count} links");
        Assert.Contains("/admin", links);
        Assert.Contains("/admin/account", links);
        foreach (var link in links)
        {
            Assert.StartsWith("/admin", link, StringComparison.Ordinal);
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role}: menu link {link} answered {(int)response.StatusCode}");
        }
    }

    public static TheoryData<string> StaffRolesOnly() => [.. StaffRoles.All];
}
