using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Hundreds of hostile or broken posts to each public form: every one is refused with a 4xx and a localized
/// message, none is a server error, and the database is left exactly as it was (row counts and ledger head).
/// </summary>
public sealed class BadInputCorpusTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    /// <summary>Each is invalid wherever a name, an e-mail or a phone is expected.</summary>
    private static readonly string[] Hostile =
    [
        new string('я', 5000), "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1' --", "Robert'); DROP TABLE Appeals;--",
        "a@b.kz\r\nBcc: victim@example.kz", "Иван\u0000", "Ива\u200Bн", "\u202Eнавид", "Иvan", "Ivan\u0007", "../../etc/passwd", "{\"json\":true}",
        "javascript:alert(1)", "{0}{1}%s%n", "\uFEFFИван", "\uD800", "😀😀", "   ", "Ivan\tPetrov", "Иван;Петров", "=cmd|' /C calc'!A0", "Ива\u0301н",
        "\u0410\u0301\u0411", "$(reboot)", "`id`", "Ivan\\nPetrov",
    ];

    private static readonly string[] AppealFields = ["Form.LastName", "Form.FirstName", "Form.Patronymic", "Form.Email", "Form.Phone", "Form.PreferredChannel", "Form.Topic", "Form.PolicyVersion"];

    [Fact]
    public async Task Hundreds_of_hostile_appeals_are_all_refused_and_change_nothing()
    {
        var cases = new List<Func<HttpClient, Task<HttpResponseMessage>>>();
        foreach (var value in Hostile)
        {
            // A blank patronymic is simply not given; everything else here is invalid in every field.
            foreach (var field in AppealFields.Where(f => f != "Form.Patronymic" || value.Trim().Length > 0))
            {
                cases.Add(client => PostAppealAsync(client, fields => fields[field] = value));
                cases.Add(client => PostAppealAsync(client, fields => { fields[field] = value; fields.Remove("Form.ConsentToProcessing"); }));
            }

            cases.Add(client => PostAppealAsync(client, fields => fields["Form.Message"] = value.Trim().Length == 0 ? value : new string('x', 4001) + value));
            cases.Add(client => PostAppealAsync(client, fields => fields["Form.ConsentToProcessing"] = value));
            cases.Add(client => PostAppealAsync(client, fields => { fields["Form.LastName"] = value; fields["Form.Email"] = value; fields["Form.Phone"] = value; }));
            cases.Add(client => PostAppealAsync(client, fields => fields[value.Length > 100 ? "x" : value] = "1", duplicate: "Form.Email"));
            cases.Add(client => PostAppealAsync(client, fields => fields["website"] = value));
            cases.Add(client => PostAppealAsync(client, fields => fields["form-started"] = value));
            cases.Add(client => PostAppealAsync(client, fields => fields["__RequestVerificationToken"] = value));
            cases.Add(client => PostRawAsync(client, "/ru/appeal", "application/json", $"{{\"Form.LastName\":\"{value}\"}}"));
            cases.Add(client => PostRawAsync(client, "/ru/appeal", "text/plain", value));
            cases.Add(client => PostAppealAsync(client, fields => fields["Form.Email"] = value, replayToken: true));
        }

        cases.Add(client => PostRawAsync(client, "/ru/appeal", "application/x-www-form-urlencoded", "Form.LastName=%C3%28%FF&Form.Email=%E0%80%AF"));
        cases.Add(client => PostRawAsync(client, "/ru/appeal", "application/x-www-form-urlencoded", new string('a', 1_200_000)));
        await RunAsync("appeal", cases);
    }

    [Fact]
    public async Task Hundreds_of_hostile_link_requests_are_all_refused_and_change_nothing()
    {
        var cases = new List<Func<HttpClient, Task<HttpResponseMessage>>>();
        foreach (var first in Hostile)
        {
            foreach (var second in Hostile.Take(17))
            {
                cases.Add(client => PostLinkRequestAsync(client, first + second));
            }

            cases.Add(client => PostLinkRequestAsync(client, "ok@example.kz", honeypot: first));
            cases.Add(client => PostRawAsync(client, "/kk/my-data", "application/json", $"{{\"Email\":\"{first}\"}}"));
        }

        await RunAsync("my-data link", cases);
    }

    public static TheoryData<string> OtherPosts() => ["display-mode", "cookies", "my-data/open", "my-data/email/confirm", "unsubscribe", "statistics/hit", "admin/sign-in"];

    /// <summary>Every other public POST: each pair of hostile values in its fields.</summary>
    [Theory]
    [MemberData(nameof(OtherPosts))]
    public async Task Hundreds_of_hostile_posts_to_every_other_public_form_are_refused_and_change_nothing(string form)
    {
        var cases = new List<Func<HttpClient, Task<HttpResponseMessage>>>();
        foreach (var first in Hostile)
        {
            foreach (var second in Hostile)
            {
                cases.Add(form switch
                {
                    "display-mode" => client => Forms.PostFromSiteAsync(client, "/kk/display-mode", new Dictionary<string, string> { ["mode"] = first, ["returnUrl"] = second }),
                    "cookies" => client => Forms.PostFromSiteAsync(client, "/kk/cookies", new Dictionary<string, string> { ["choice"] = first, ["returnUrl"] = second }),
                    "my-data/open" => client => PostWithTokenAsync(client, "/kk/my-data", "/kk/my-data/open", new() { ["token"] = first + second }),
                    "my-data/email/confirm" => client => PostWithTokenAsync(client, "/kk/my-data", "/kk/my-data/email/confirm", new() { ["token"] = first + second }),
                    // A NUL in a path never reaches the site (Kestrel refuses the request line, the test host cannot send it): left out.
                    "unsubscribe" => client => client.PostAsync($"/kk/unsubscribe/{Uri.EscapeDataString((first + second).Replace("\0", string.Empty, StringComparison.Ordinal))}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" })),
                    "statistics/hit" => client => client.PostAsync("/statistics/hit", new FormUrlEncodedContent(new Dictionary<string, string> { ["path"] = first + second })),
                    _ => client => PostWithTokenAsync(client, "/admin/sign-in", "/admin/sign-in", new() { ["Email"] = first, ["Password"] = second }),
                });
            }
        }

        await RunAsync(form, cases);
    }

    /// <summary>The form's token, asked once per page: it stays valid with this test's one client (its cookie), and the
    /// hundreds of page views in between checked nothing (issue 13: a third of the corpus's requests).</summary>
    private readonly Dictionary<string, string> _tokens = [];

    private async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string page, string url, Dictionary<string, string> fields)
    {
        if (!_tokens.TryGetValue(page, out var token))
        {
            _tokens[page] = token = Forms.TokenIn(await client.GetStringAsync(page));
        }

        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private async Task RunAsync(string form, List<Func<HttpClient, Task<HttpResponseMessage>>> cases)
    {
        Assert.True(cases.Count >= 500, $"{cases.Count} cases");
        var before = await SnapshotAsync();
        var accepted = 0;
        var serverErrors = 0;
        var unlocalized = 0;
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        foreach (var send in cases)
        {
            using var response = await send(client);
            var status = (int)response.StatusCode;
            accepted += status < 400 ? 1 : 0;
            serverErrors += status >= 500 ? 1 : 0;
            var body = await response.Content.ReadAsStringAsync();
            unlocalized += status is >= 400 and < 500 && !body.Any(c => c is >= 'А' and <= 'я') ? 1 : 0;
        }

        var after = await SnapshotAsync();
        var changed = before == after ? 0 : 1;
        var summary = $"{form}: {cases.Count} inputs tried, {accepted} accepted, {serverErrors} server errors, {changed} rows changed, {unlocalized} without a localized message";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.Equal((0, 0, 0, 0), (accepted, serverErrors, changed, unlocalized));
    }

    private Task<(int Subjects, int Appeals, int Events, int Receipts, int Mails, int Tokens, int Requests, int Statistics, string? LedgerHead)> SnapshotAsync() =>
        site.WithDbAsync(async db => (
            await db.DataSubjects.CountAsync(), await db.Appeals.CountAsync(), await db.ConsentEvents.CountAsync(), await db.ConsentReceipts.CountAsync(),
            await db.Outbox.CountAsync(), await db.VerificationTokens.CountAsync(), await db.Requests.CountAsync(),
            await db.PageViews.CountAsync() + await db.AnalyticsChoices.CountAsync(),
            await db.ConsentEvents.OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstOrDefaultAsync()));

    private static async Task<HttpResponseMessage> PostAppealAsync(HttpClient client, Action<Dictionary<string, string>> spoil, string? duplicate = null, bool replayToken = false)
    {
        var page = await client.GetStringAsync("/ru/appeal");
        var fields = Forms.ValidAppeal(email: "corpus@example.kz");
        fields["__RequestVerificationToken"] = replayToken ? StaleToken : Forms.TokenIn(page);
        fields["form-started"] = Forms.StartedIn(page)!;
        spoil(fields);
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        if (duplicate is not null)
        {
            pairs.Add(new(duplicate, "second@example.kz"));
        }

        return await client.PostAsync("/ru/appeal", new FormUrlEncodedContent(pairs));
    }

    private static async Task<HttpResponseMessage> PostLinkRequestAsync(HttpClient client, string email, string? honeypot = null)
    {
        var page = await client.GetStringAsync("/kk/my-data");
        var fields = new Dictionary<string, string>
        {
            ["Email"] = email,
            ["__RequestVerificationToken"] = Forms.TokenIn(page),
            ["form-started"] = Forms.StartedIn(page)!,
        };
        if (honeypot is not null)
        {
            fields["website"] = honeypot;
        }

        return await client.PostAsync("/kk/my-data", new FormUrlEncodedContent(fields));
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, string contentType, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A token from another browser's session: valid in form, useless with this client's cookie.</summary>
    private static string StaleToken { get; } = "CfDJ8N" + new string('A', 150);
}
