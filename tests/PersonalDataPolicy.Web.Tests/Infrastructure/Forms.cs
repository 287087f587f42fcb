using System.Net;
using System.Text.RegularExpressions;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>Fills and posts the site's forms the way a browser does: antiforgery token from the page, cookie from the client.</summary>
public static partial class Forms
{
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string TokenIn(string page)
    {
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, "No antiforgery token on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The signed "form opened at" stamp of the bot check, if the page has one.</summary>
    public static string? StartedIn(string page) => StartedPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static Dictionary<string, string> ValidAppeal(string lastName = "Сейтқазы", string firstName = "Әсел", string email = "asel@example.kz", string phone = "8 701 234 56 78") => new()
    {
        ["Form.LastName"] = lastName,
        ["Form.FirstName"] = firstName,
        ["Form.Patronymic"] = "Нұрланқызы",
        ["Form.Email"] = email,
        ["Form.Phone"] = phone,
        ["Form.PreferredChannel"] = "Email",
        ["Form.Topic"] = "Question",
        ["Form.Message"] = "Сақтандыру мәртебемді қалай тексеремін?",
        ["Form.ConsentToProcessing"] = "true",
        ["Form.PolicyVersion"] = "1",
    };

    /// <summary>The origin a browser names when it posts a form of the test site from one of the site's own pages.</summary>
    public const string SiteOrigin = "http://localhost";

    /// <summary>
    /// Posts a form that carries no token (the header's display-mode and statistics forms), with the Origin a browser sends
    /// from the site's own page; the statistics choice is refused without it.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFromSiteAsync(HttpClient client, string url, IDictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", SiteOrigin);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostAppealAsync(HttpClient client, string culture, IDictionary<string, string> fields, bool withToken = true)
    {
        var values = new Dictionary<string, string>(fields);
        if (withToken)
        {
            var page = await client.GetStringAsync($"/{culture}/appeal");
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
            values.TryAdd("form-started", WebUtility.HtmlDecode(StartedPattern().Match(page).Groups[1].Value));
        }

        return await client.PostAsync($"/{culture}/appeal", new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"form-started\" value=\"([^\"]+)\"")]
    private static partial Regex StartedPattern();
}
