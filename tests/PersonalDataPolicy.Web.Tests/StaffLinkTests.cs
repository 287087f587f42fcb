using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Admin;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 13: every link and form on the staff pages of real records comes from routing and leads somewhere — a record,
/// a request, a certificate, an appeal, an approval, and the CSV exports with the filter of the page they sit on.
/// </summary>
public sealed partial class StaffLinkTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Every_link_on_the_staff_pages_of_a_seeded_record_opens_and_every_form_posts_to_a_route()
    {
        var seeded = await SeedAsync();
        // One person holding both duties sees every link any staff page offers (separately, each role's menu is tested in AdminRoleMatrixTests).
        var admin = await SignedInStaff.CreateAsync(site, "link-walker@fund.kz", StaffRoles.Administrator, StaffRoles.ComplianceOfficer);

        string[] pages =
        [
            $"/admin/subjects/{seeded.Subject}?purpose={AccessPurpose.AnsweringRequest}",
            $"/admin/subjects/{seeded.Subject}",
            $"/admin/subjects/{seeded.Subject}/Block?purpose={AccessPurpose.AnsweringRequest}",
            $"/admin/subjects/{seeded.Erased}?purpose={AccessPurpose.ComplianceReview}",
            $"/admin/requests/{seeded.Request}",
            $"/admin/requests?Type={RequestType.Access}&Status={RequestStatus.New}",
            $"/admin/certificates/{seeded.Certificate}",
            "/admin/certificates",
            $"/admin/appeals/{seeded.Appeal}",
            "/admin/appeals",
            "/admin/approvals",
            $"/admin/consents?Purpose={seeded.Purpose}&Subject={seeded.Subject}",
            $"/admin/audit?Subject={seeded.Subject}&What={AuditAction.ViewedSubject}",
            "/admin/policy",
            "/admin/staff",
            "/admin/account",
        ];

        var followed = new HashSet<string>(StringComparer.Ordinal);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var html = await OpenAsync(admin.Client, page, page);
            foreach (var link in Attributes(html, "a", "href").Where(l => !l.StartsWith('#') && !l.StartsWith("mailto:", StringComparison.Ordinal)))
            {
                Assert.True(link.StartsWith('/'), $"{page}: link {link} leaves the site");
                if (followed.Add(link))
                {
                    await OpenAsync(admin.Client, link, page);
                }
            }

            foreach (Match form in FormTag().Matches(html))
            {
                var action = WebUtility.HtmlDecode(AttributeIn(form.Value, "action") ?? string.Empty);
                var method = AttributeIn(form.Value, "method")?.ToUpperInvariant() ?? "GET";
                Assert.True(action.StartsWith('/'), $"{page}: a {method} form without an action from routing: {form.Value}");
                if (forms.Add($"{method} {action}"))
                {
                    Assert.True(RouteExists(method, action), $"{page}: {method} {action} matches no route");
                }
            }
        }

        output.WriteLine($"{pages.Length} staff pages, {followed.Count} distinct links followed, {forms.Count} distinct form targets matched to routes");
        Assert.True(followed.Count > 30, $"only {followed.Count} links");
        Assert.Contains(followed, l => l.StartsWith($"/admin/subjects/{seeded.Subject}", StringComparison.Ordinal) && l.Contains("purpose=", StringComparison.Ordinal));
        Assert.Contains($"/admin/certificates/{seeded.Certificate}", followed);
        Assert.Contains($"/admin/requests/{seeded.Request}", followed);
        Assert.Contains($"POST /admin/requests/{seeded.Request}/note", forms);
    }

    [Fact]
    public async Task The_csv_export_links_carry_the_filter_of_their_page()
    {
        var seeded = await SeedAsync();
        var officer = await SignedInStaff.CreateAsync(site, "filter-exporter@fund.kz", StaffRoles.ComplianceOfficer);

        var consents = await officer.Client.GetStringAsync($"/admin/consents?Purpose={seeded.Purpose}&Subject={seeded.Subject}&From=2000-01-01");
        var consentExport = ExportLink(consents);
        Assert.Equal($"/admin/consents.csv?Purpose={seeded.Purpose}&Subject={seeded.Subject}&From=2000-01-01", consentExport);
        var rows = await ExcelCsv.DownloadAsync(officer.Client, consentExport);
        Assert.True(rows.Count > 1, "the filtered consent export is empty");
        Assert.All(rows.Skip(1), row => Assert.Equal((seeded.Subject.ToString("D"), seeded.Purpose), (row[2], row[3])));

        await officer.Client.GetStringAsync($"/admin/subjects/{seeded.Subject}?purpose={AccessPurpose.ComplianceReview}");
        var audit = await officer.Client.GetStringAsync($"/admin/audit?What={AuditAction.ViewedSubject}&Subject={seeded.Subject}&Staff={Uri.EscapeDataString(officer.Id)}");
        var auditExport = ExportLink(audit);
        Assert.Equal($"/admin/audit/audit.csv?What={AuditAction.ViewedSubject}&Subject={seeded.Subject}&Staff={Uri.EscapeDataString(officer.Id)}", auditExport);
        var entries = await ExcelCsv.DownloadAsync(officer.Client, auditExport);
        Assert.True(entries.Count > 1, "the filtered audit export is empty");
        Assert.All(entries.Skip(1), row => Assert.Equal((officer.Id, nameof(AuditAction.ViewedSubject), seeded.Subject.ToString("D")), (row[1], row[3], row[4])));
    }

    [Fact]
    public void Every_staff_route_lies_under_the_path_the_staff_cookies_are_scoped_to()
    {
        var staffRoutes = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerTypeInfo.IsSubclassOf(typeof(AdminController)) == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToList();

        Assert.True(staffRoutes.Count > 30);
        Assert.All(staffRoutes, route => Assert.True(
            route == StaffAccounts.AreaPath || route.StartsWith(StaffAccounts.AreaPath + "/", StringComparison.Ordinal), $"{route} is outside {StaffAccounts.AreaPath}"));
    }

    private sealed record Seeded(Guid Subject, Guid Erased, Guid Request, Guid Certificate, Guid Appeal, string Purpose);

    /// <summary>A person with an appeal, consents, an open request and a destruction awaiting approval; another depersonalized, with a certificate.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await MyDataJourney.SubmitAppealAsync(site, $"linked-{tag}@example.kz", marketing: true, lastName: "Сілтемеқызы");
        await MyDataJourney.SubmitAppealAsync(site, $"erased-{tag}@example.kz", lastName: "Өшірілгенова");
        var subject = (await site.SubjectWithEmailAsync($"linked-{tag}@example.kz"))!.Id;
        var erased = (await site.SubjectWithEmailAsync($"erased-{tag}@example.kz"))!.Id;
        var now = DateTimeOffset.UtcNow;
        var request = new DataSubjectRequest(subject, RequestType.Access, RequestChannel.Email, now, now.AddDays(10));
        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Requests.Add(request);
            db.PendingApprovals.Add(PendingApproval.DestroySubject(subject, "someone-else", "The person asked", ErasureGround.SubjectDemand, AccessPurpose.AnsweringRequest, now));
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>()
                .DepersonalizeAsync(erased, new ErasureDecision(ErasureGround.PurposeAchieved, "someone-else"), now, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        return await site.WithDbAsync(async db => new Seeded(
            subject,
            erased,
            request.Id,
            await db.ErasureCertificates.Where(c => c.SubjectId == erased).Select(c => c.Id).SingleAsync(),
            await db.Appeals.Where(a => a.SubjectId == subject).Select(a => a.Id).SingleAsync(),
            (await db.ConsentEvents.Where(e => e.SubjectId == subject).Select(e => e.Purpose).FirstAsync()).ToString()));
    }

    /// <summary>GET, following redirects inside the site; a staff link must end on a page (200), never on sign-in, refusal or an error.</summary>
    private static async Task<string> OpenAsync(HttpClient client, string url, string from)
    {
        var at = url;
        for (var hop = 0; hop < 3; hop++)
        {
            using var response = await client.GetAsync(at);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync() : string.Empty;
            }

            var next = response.Headers.Location?.OriginalString;
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently && next is not null,
                $"{from}: {url} answered {(int)response.StatusCode}");
            Assert.False(next!.StartsWith("/admin/sign-in", StringComparison.Ordinal) || next.StartsWith("/admin/denied", StringComparison.Ordinal),
                $"{from}: {url} sent the administrator to {next}");
            at = next;
        }

        throw new Xunit.Sdk.XunitException($"{from}: {url} redirects more than 3 times");
    }

    private bool RouteExists(string method, string action)
    {
        var path = action.Split('?')[0];
        return site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) != false)
            .Any(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), []).TryMatch(path, []));
    }

    private static string ExportLink(string html) =>
        WebUtility.HtmlDecode(ExportAnchor().Match(html) is { Success: true } m ? AttributeIn(m.Value, "href")! : throw new Xunit.Sdk.XunitException("no export-csv link"));

    private static IEnumerable<string> Attributes(string html, string tag, string attribute) =>
        Regex.Matches(html, $"<{tag}\\s[^>]*>").Select(m => AttributeIn(m.Value, attribute)).OfType<string>().Select(WebUtility.HtmlDecode).OfType<string>();

    private static string? AttributeIn(string tag, string attribute) =>
        Regex.Match(tag, $"\\s{attribute}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<form\\s[^>]*>")]
    private static partial Regex FormTag();

    [GeneratedRegex("<a\\s[^>]*id=\"export-csv\"[^>]*>")]
    private static partial Regex ExportAnchor();
}
