using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using MimeKit;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>What a person does on the site and in their mailbox, step by step.</summary>
public static partial class MyDataJourney
{
    public static HttpClient Browser(SiteFactory site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Sends an appeal; with <paramref name="smtp"/>, also waits for its acknowledgement so later mail counts are stable.</summary>
    public static async Task SubmitAppealAsync(SiteFactory site, string email, bool marketing = false, string culture = "en", string lastName = "Сейтқазы", SmtpCapture? smtp = null)
    {
        var fields = Forms.ValidAppeal(lastName: lastName, email: email);
        if (marketing)
        {
            fields["Form.ConsentToMarketing"] = "true";
        }

        var response = await Forms.PostAppealAsync(Browser(site), culture, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (smtp is not null)
        {
            await smtp.WaitForAsync(EmailAddressNormalizerForTests(email), IsAppealAcknowledgement);
        }
    }

    /// <summary>The mail that answers an appeal: the only one that links to a consent receipt.</summary>
    public static bool IsAppealAcknowledgement(MimeMessage message) => message.TextBody?.Contains("/consent/receipts/", StringComparison.Ordinal) == true;

    private static string EmailAddressNormalizerForTests(string email) => email.Trim().ToLowerInvariant();

    public static async Task<HttpResponseMessage> AskForLinkAsync(HttpClient client, string email, string culture = "en") =>
        await PostFormAsync(client, $"/{culture}/my-data", new() { ["Email"] = email });

    /// <summary>The first link to this site in the mail's plain-text part.</summary>
    public static string LinkIn(MimeMessage message)
    {
        var match = SiteLink().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, "no link in the mail");
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>Opens a link from a mail like a person: the page, then its button.</summary>
    public static async Task<HttpResponseMessage> FollowLinkAsync(HttpClient client, string pathAndQuery)
    {
        var page = await client.GetAsync(pathAndQuery);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            return page;
        }

        var token = Uri.UnescapeDataString(pathAndQuery.Split("token=")[1]);
        return await PostFormAsync(client, pathAndQuery.Split('?')[0], new() { ["token"] = token }, pathAndQuery);
    }

    /// <summary>Asks for a link, reads it from the mail and opens it: a signed-in "my data" session.</summary>
    public static async Task<HttpClient> SignInAsync(SiteFactory site, SmtpCapture smtp, string email, string culture = "en")
    {
        var client = Browser(site);
        var before = smtp.To(email).Count;
        await AskForLinkAsync(client, email, culture);
        var mail = (await smtp.WaitForAsync(email, before + 1))[before];
        var opened = await FollowLinkAsync(client, LinkIn(mail));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var page = await client.GetStringAsync(tokenPage ?? url);
        fields["__RequestVerificationToken"] = Forms.TokenIn(page);
        if (Forms.StartedIn(page) is { } started)
        {
            fields.TryAdd("form-started", started);
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex(@"http://localhost/\S+")]
    private static partial Regex SiteLink();
}
