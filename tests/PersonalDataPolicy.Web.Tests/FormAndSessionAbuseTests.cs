using System.Net;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Issue 11, tried as an attacker would: one link, one session; sign-out ends every session; no fields from the query string.</summary>
public sealed class FormAndSessionAbuseTests(MailSite mail, ITestOutputHelper output) : IClassFixture<MailSite>
{
    private SiteFactory Site => mail.Site;

    [Fact]
    public async Task A_my_data_link_posted_six_times_at_once_opens_one_session()
    {
        const string address = "parallel-link@example.kz";
        await SubmitAppealAsync(Site, address, smtp: mail.Smtp);
        var client = Browser(Site);
        await AskForLinkAsync(client, address);
        var link = LinkIn((await mail.Smtp.WaitForAsync(address, m => !IsAppealAcknowledgement(m)))[0]);
        var page = await client.GetStringAsync(link);
        var form = new Dictionary<string, string> { ["token"] = Uri.UnescapeDataString(link.Split("token=")[1]), ["__RequestVerificationToken"] = Forms.TokenIn(page) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(link.Split('?')[0], new FormUrlEncodedContent(form))));

        var sessions = answers.Count(a => a.StatusCode == HttpStatusCode.Redirect);
        output.WriteLine($"6 parallel posts of one link: {sessions} session, {answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest)} refused");
        Assert.Equal(1, sessions);
    }

    [Fact]
    public async Task Signing_out_of_my_data_works_and_ends_the_session_on_every_device()
    {
        const string address = "sign-out@example.kz";
        await SubmitAppealAsync(Site, address, smtp: mail.Smtp);
        var phone = await SignInAsync(Site, mail.Smtp, address);
        var laptop = await SignInAsync(Site, mail.Smtp, address);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/en/my-data/export.json")).StatusCode);

        var signedOut = await PostFormAsync(phone, "/en/my-data/sign-out", [], "/en/my-data/overview");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var export = await laptop.GetAsync("/en/my-data/export.json");
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.EndsWith("/en/my-data", export.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appeal_with_its_fields_in_the_query_string_and_the_token_in_a_header_is_refused_and_nothing_is_stored()
    {
        var client = Browser(Site);
        var page = await client.GetStringAsync("/en/appeal");
        var query = string.Join('&', Forms.ValidAppeal(email: "query-robot@example.kz")
            .Append(new("website", "http://spam.example"))
            .Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/en/appeal?" + query);
        request.Headers.Add("RequestVerificationToken", Forms.TokenIn(page));

        var refused = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("text/html", refused.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Null(await Site.SubjectWithEmailAsync("query-robot@example.kz"));
    }

    [Fact]
    public async Task A_form_post_that_also_carries_a_query_string_is_refused_with_the_localized_error_page()
    {
        var client = Browser(Site);
        var fields = Forms.ValidAppeal(email: "query-and-body@example.kz");
        var page = await client.GetStringAsync("/ru/appeal");
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;

        var refused = await client.PostAsync("/ru/appeal?Form.Email=other@example.kz", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("lang=\"ru\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Site.SubjectWithEmailAsync("query-and-body@example.kz"));
    }
}
