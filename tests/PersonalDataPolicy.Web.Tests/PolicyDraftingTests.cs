using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Features.Admin.PolicyVersions;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

public sealed class PolicyMarkdownTests
{
    public static TheoryData<string> Languages() => [.. SiteLanguages.All];

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_seeded_policy_survives_a_round_trip_through_markdown_unchanged(string language)
    {
        var text = PolicySeed.Version1().TextIn(language);

        var parsed = PolicyMarkdown.Parse(PolicyMarkdown.Format(text));

        Assert.True(parsed.IsValid, string.Join(", ", parsed.Errors));
        Assert.Equal(text.Sha256, PolicyText.ComputeSha256(parsed.Title!, parsed.Sections));
    }

    [Theory]
    [InlineData("## 1. No title\n\n1. Clause.", "PolicyMd_NoTitle")]
    [InlineData("# Title\n\nJust a paragraph.", "PolicyMd_Unexpected")]
    [InlineData("# Title\n\n## 2. Wrong number\n\n1. Clause.", "PolicyMd_SectionNumber")]
    [InlineData("# Title\n\n## 1. Empty\n\n## 2. Next\n\n1. Clause.", "PolicyMd_EmptySection")]
    [InlineData("# Title\n\n## 1. Bullets\n\n- not numbered", "PolicyMd_Unexpected")]
    public void Structure_that_is_not_a_policy_is_refused_with_a_reason(string markdown, string error)
    {
        Assert.Contains(PolicyMarkdown.Parse(markdown).Errors, e => e.Key == error);
    }

    [Fact]
    public void Clause_text_that_looks_like_markdown_stays_text()
    {
        var text = new PolicyText("en", "Title *with* stars", [new PolicySection(1, "# Heading", "1. Not a list", ["- not a bullet", "a_b [c](d) <e> `f`"])], new("a", "b", "c"));

        var parsed = PolicyMarkdown.Parse(PolicyMarkdown.Format(text));

        Assert.Equal(text.Sha256, PolicyText.ComputeSha256(parsed.Title!, parsed.Sections));
    }

    [Fact]
    public void The_preview_html_has_nothing_executable()
    {
        var html = PolicyMarkdown.SanitizedHtml("# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A compliance officer drafts, compares and publishes version 2; visitors and consenting people see the effect.</summary>
public sealed class PolicyDraftingTests : IClassFixture<SiteFactory>
{
    private readonly SiteFactory site;

    public PolicyDraftingTests(SiteFactory site)
    {
        // The site's clock, moved forward by the test to see the new version take effect.
        site.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        this.site = site;
    }

    [Fact]
    public async Task A_draft_is_checked_compared_and_published_and_people_who_consented_are_told()
    {
        await MyDataJourney.SubmitAppealAsync(site, "told-of-change@example.kz", culture: "kk");
        var key = await CreateStaffAsync(site, "drafter@fund.kz", twoFactor: true, StaffRoles.ComplianceOfficer);
        var officer = Browser(site);
        await SignInAsync(officer, "drafter@fund.kz", authenticatorKey: key);

        var created = await StaffJourney.PostAsync(officer, "/admin/policy/drafts", [], "/admin/policy");
        Assert.Equal("/admin/policy/2", created.Headers.Location!.OriginalString);
        var form = await site.WithDbAsync(async db => DraftForm.From(await db.PolicyVersions.Include(v => v.Texts).SingleAsync(v => v.Number == 2)));
        var fields = Fields(form, form.EffectiveFrom!.Value);

        fields["Markdown[ru]"] = "Не политика";
        var refused = await StaffJourney.PostAsync(officer, "/admin/policy/2", fields, "/admin/policy/2");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Русский: ", await refused.Content.ReadAsStringAsync());

        fields = Fields(form, form.EffectiveFrom!.Value);
        fields["Markdown[en]"] = form.Markdown["en"].Replace("The policy is valid indefinitely until it is replaced by a new version.", "The policy is valid until it is replaced by a new version, published here 30 days ahead.", StringComparison.Ordinal);
        var saved = await StaffJourney.PostAsync(officer, "/admin/policy/2", fields, "/admin/policy/2");
        Assert.Equal("/admin/policy/2/preview", saved.Headers.Location!.OriginalString);

        var preview = await officer.GetStringAsync("/admin/policy/2/preview");
        Assert.Contains("class=\"diff-modified\"", preview);
        Assert.Contains("published here 30 days ahead", preview);

        var published = await StaffJourney.PostAsync(officer, "/admin/policy/2/publish", [], "/admin/policy/2/preview");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var versions = await site.WithDbAsync(db => db.PolicyVersions.OrderBy(v => v.Number).ToListAsync());
        Assert.Equal((PolicyVersionState.Superseded, PolicyVersionState.Published), (versions[0].State, versions[1].State));
        Assert.Equal(form.EffectiveFrom, versions[0].SupersededOn);

        // Until the effective date, version 1 stays current, announcing its successor.
        var page = await site.CreateClient().GetStringAsync("/en/policy");
        Assert.Contains("Version 1, in effect from", page);
        Assert.Contains("A new version of the Policy takes effect on", page);

        // On the effective date the public site switches to version 2, and new consents are to version 2.
        site.Clock!.Advance(TimeSpan.FromDays(31));
        var switched = await site.CreateClient().GetStringAsync("/en/policy");
        Assert.Contains("Version 2, in effect from", switched);
        Assert.Contains("published here 30 days ahead", switched);
        Assert.Contains("Superseded on", await site.CreateClient().GetStringAsync("/en/policy/versions"));
        var fresh = Forms.ValidAppeal(email: "after-switch@example.kz");
        fresh["Form.PolicyVersion"] = "2";
        Assert.Equal(HttpStatusCode.OK, (await Forms.PostAppealAsync(site.CreateClient(), "en", fresh)).StatusCode);
        var newcomer = await site.SubjectWithEmailAsync("after-switch@example.kz");
        Assert.Equal(2, await site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == newcomer!.Id).Select(e => e.PolicyVersion).SingleAsync()));

        var subject = await site.SubjectWithEmailAsync("told-of-change@example.kz");
        var notices = await site.WithDbAsync(db => db.Outbox.Where(m => m.SubjectId == subject!.Id && m.Template == "policy-changed").ToListAsync());
        var notice = Assert.Single(notices);
        Assert.Equal((MailKind.Notification, "kk"), (notice.Kind, notice.Language));
    }

    private static Dictionary<string, string> Fields(DraftForm form, DateOnly effectiveFrom)
    {
        var fields = new Dictionary<string, string> { ["EffectiveFrom"] = effectiveFrom.ToString("yyyy-MM-dd") };
        foreach (var language in SiteLanguages.All)
        {
            fields[$"Markdown[{language}]"] = form.Markdown[language];
            fields[$"OptOut[{language}]"] = form.OptOut[language];
            fields[$"Update[{language}]"] = form.Update[language];
            fields[$"Withdraw[{language}]"] = form.Withdraw[language];
        }

        return fields;
    }
}
