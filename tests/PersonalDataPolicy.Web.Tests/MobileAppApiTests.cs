using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Issue 16, part 1: every endpoint of the mobile app's API, through the real site, database and mail.</summary>
public sealed class MobileAppApiTests(MailSite mail, ITestOutputHelper output) : IClassFixture<MailSite>
{
    private SiteFactory Site => mail.Site;

    private AppClient App() => new(Site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }));

    [Fact]
    public async Task The_current_policy_comes_with_its_hash_sections_and_consent_sentences_and_can_be_cached()
    {
        var app = App();
        var response = await app.Client.GetAsync("/api/v1/policy/ru");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var policy = await AppClient.JsonAsync(response);
        Assert.Equal("ru", policy["language"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", policy["sha256"]!.GetValue<string>());
        Assert.True(policy["current"]!.GetValue<bool>());
        Assert.NotEmpty(policy["sections"]!.AsArray());
        Assert.Contains("Политик", policy["consentWording"]!["processing"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("max-age", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/policy/ru");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await app.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // Another language is another text with another hash and tag.
        var kazakh = await app.Client.GetAsync("/api/v1/policy/kk");
        Assert.NotEqual(etag, kazakh.Headers.ETag);
    }

    [Fact]
    public async Task Published_versions_are_listed_and_each_can_be_read_and_unknown_ones_are_problems()
    {
        var app = App();
        var versions = (await app.Client.GetFromJsonAsync<JsonArray>("/api/v1/policy/versions"))!;
        var current = versions.Single(v => v!["current"]!.GetValue<bool>())!;
        Assert.Equal(3, current["texts"]!.AsArray().Count);

        var number = current["number"]!.GetValue<int>();
        var version = (await app.Client.GetFromJsonAsync<JsonObject>($"/api/v1/policy/versions/{number}/en"))!;
        Assert.Equal(current["texts"]!.AsArray().Single(t => t!["language"]!.GetValue<string>() == "en")!["sha256"]!.GetValue<string>(),
            version["sha256"]!.GetValue<string>());

        var missing = await app.Client.GetAsync("/api/v1/policy/versions/999/en");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("policy-version-not-found", AppClient.Code(await AppClient.JsonAsync(missing)));

        var language = await app.Client.GetAsync("/api/v1/policy/de");
        Assert.Equal("language-not-found", AppClient.Code(await AppClient.JsonAsync(language)));

        // Not even the site's HTML error page under /api: a problem.
        var nowhere = await app.Client.GetAsync("/api/v1/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal("application/problem+json", nowhere.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_appeal_from_the_app_is_201_with_both_receipts_and_the_ledger_records_the_app_and_its_version()
    {
        var app = App();
        var response = await app.PostAsync("/api/v1/appeals", await app.AppealAsync("api-appeal@example.kz", marketing: true));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await AppClient.JsonAsync(response);
        var receiptId = body["receiptId"]!.GetValue<string>();
        Assert.Equal($"/api/v1/receipts/{receiptId}?language=en", response.Headers.Location?.OriginalString);
        Assert.Equal(receiptId, body["kantara"]!["consentReceiptID"]!.GetValue<string>());
        Assert.Equal("KI-CR-v1.1.0", body["kantara"]!["version"]!.GetValue<string>());
        Assert.NotNull(body["iso27560"]!["schema_version"]);

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var receipt = await db.ConsentReceipts.SingleAsync(r => r.Id == receiptId);
        Assert.Equal(ConsentChannel.MobileApp, receipt.Channel);
        var events = await db.ConsentEvents.Where(e => e.ReceiptId == receiptId).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([ConsentAction.Granted, ConsentAction.Requested], events.Select(e => e.Action));
        Assert.All(events, e =>
        {
            Assert.Equal(ConsentChannel.MobileApp, e.Channel);
            Assert.Equal($"form:{receiptId};app={AppClient.Version}", e.Evidence);
        });

        // The receipt page tells how the consent was given, with the version of the app.
        var page = await app.Client.GetStringAsync($"/en/consent/receipts/{receiptId}");
        Assert.Contains($"ticked on the form of the Qoldau 24/7 mobile app, version {AppClient.Version}", page, StringComparison.Ordinal);
        var again = (await app.Client.GetFromJsonAsync<JsonObject>($"/api/v1/receipts/{receiptId}?language=ru"))!;
        Assert.Equal("ru", again["kantara"]!["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task Marketing_stays_off_unless_the_person_ticked_it()
    {
        var app = App();
        var appeal = await app.AppealAsync("api-no-marketing@example.kz");
        appeal.Remove("consentToMarketing");
        var body = await AppClient.JsonAsync(await app.PostAsync("/api/v1/appeals", appeal));
        var marketing = body["kantara"]!["services"]![0]!["purposes"]!.AsArray().Single(p => p!["purposeId"]!.GetValue<string>() == "MarketingNotifications")!;
        Assert.Equal("notGiven", marketing["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_or_altered_policy_is_refused_with_the_current_version_and_nothing_is_stored()
    {
        var app = App();
        var appeal = await app.AppealAsync("api-stale@example.kz");
        var number = appeal["policyVersion"]!.GetValue<int>();
        var hash = appeal["policySha256"]!.GetValue<string>();

        appeal["policyVersion"] = number - 1;
        var stale = await app.PostAsync("/api/v1/appeals", appeal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await AppClient.JsonAsync(stale);
        Assert.Equal("policy-stale", AppClient.Code(problem));
        Assert.Equal(number, problem["currentVersion"]!.GetValue<int>());
        Assert.Equal(hash, problem["currentSha256"]!.GetValue<string>());

        appeal["policyVersion"] = number;
        appeal["policySha256"] = new string('0', 64);
        Assert.Equal(HttpStatusCode.Conflict, (await app.PostAsync("/api/v1/appeals", appeal)).StatusCode);

        Assert.Equal(0, await AppealsFromAsync("api-stale@example.kz"));
    }

    [Theory]
    [InlineData("kk", "Кейбір өрістерді түзету қажет.", "Алдымен поштаңызға жіберілген кодпен кіріңіз.")]
    [InlineData("ru", "Некоторые поля нужно исправить.", "Сначала войдите с кодом, отправленным на вашу почту.")]
    [InlineData("en", "Some fields need correcting.", "Sign in with a code sent to your e-mail first.")]
    public async Task Errors_are_problem_details_with_field_errors_in_the_language_asked_for(string language, string title, string signInTitle)
    {
        var app = App();
        var appeal = await app.AppealAsync("api-invalid@example.kz");
        appeal["lastName"] = "";
        appeal["email"] = "not-an-address";
        appeal["consentToProcessing"] = false;
        var response = await app.PostAsync("/api/v1/appeals", appeal, language: language);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await AppClient.JsonAsync(response);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        Assert.Equal("validation", AppClient.Code(problem));
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["consentToProcessing", "email", "lastName"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        var emailError = errors["email"]![0]!.GetValue<string>();
        Assert.DoesNotContain("not-an-address", emailError, StringComparison.Ordinal);

        // The framework's own problems speak the language too.
        var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        unauthorized.Headers.AcceptLanguage.ParseAdd(language);
        var denied = await AppClient.JsonAsync(await app.Client.SendAsync(unauthorized));
        Assert.Equal(signInTitle, denied["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_post_needs_an_app_version_and_an_idempotency_key()
    {
        var app = App();
        var appeal = await app.AppealAsync("api-headers@example.kz");
        var noVersion = await app.PostAsync("/api/v1/appeals", appeal, appVersion: null);
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.NotNull((await AppClient.JsonAsync(noVersion))["errors"]!["X-App-Version"]);

        var freeText = await app.PostAsync("/api/v1/appeals", appeal, appVersion: "1.0; DROP TABLE");
        Assert.Equal(HttpStatusCode.BadRequest, freeText.StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/appeals") { Content = JsonContent.Create(appeal) };
        request.Headers.Add("X-App-Version", AppClient.Version);
        var noKey = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.NotNull((await AppClient.JsonAsync(noKey))["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, await AppealsFromAsync("api-headers@example.kz"));
    }

    [Fact]
    public async Task A_retried_appeal_is_stored_once_and_answered_the_same_and_a_reused_key_with_another_body_is_422()
    {
        var app = App();
        var appeal = await app.AppealAsync("api-retry@example.kz");
        var key = Guid.NewGuid().ToString();
        var first = await app.PostAsync("/api/v1/appeals", appeal, key);
        var retry = await app.PostAsync("/api/v1/appeals", appeal, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await AppealsFromAsync("api-retry@example.kz"));

        appeal["message"] = "Другой текст.";
        var reused = await app.PostAsync("/api/v1/appeals", appeal, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency-key-reused", AppClient.Code(await AppClient.JsonAsync(reused)));
        Assert.Equal(1, await AppealsFromAsync("api-retry@example.kz"));

        // The stored answer names the person: encrypted at rest.
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var raw = await db.Database.SqlQueryRaw<string>("SELECT Body AS Value FROM IdempotencyRecords WHERE Key = {0}", key).SingleAsync();
        Assert.DoesNotContain("receiptId", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_store_one_appeal_and_all_get_its_receipt()
    {
        const int copies = 6;
        var app = App();
        var appeal = await app.AppealAsync("api-concurrent@example.kz");
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => app.PostAsync("/api/v1/appeals", appeal, key)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var locations = created.Select(r => r.Headers.Location?.OriginalString).Distinct().ToList();
        var summary = $"{copies} concurrent POSTs with one key: {created.Count} answered 201, {locations.Count} receipt(s), {await AppealsFromAsync("api-concurrent@example.kz")} appeal(s) stored";
        output.WriteLine(summary);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.NotEmpty(created);
        Assert.Single(locations);
        Assert.Equal(1, await AppealsFromAsync("api-concurrent@example.kz"));
    }

    [Fact]
    public async Task A_code_by_mail_opens_a_session_for_the_persons_rights_through_the_websites_handlers()
    {
        var app = App();
        const string email = "api-rights@example.kz";
        Assert.Equal(HttpStatusCode.Created, (await app.PostAsync("/api/v1/appeals", await app.AppealAsync(email, marketing: true))).StatusCode);

        var bearer = await SignInAsync(app, email);

        var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Authorization = new("Bearer", bearer);
        var data = await AppClient.JsonAsync(await app.Client.SendAsync(me));
        Assert.Equal(email, data["data"]!["personalData"]!["email"]!.GetValue<string>());
        Assert.True(data["processingConsent"]!.GetValue<bool>());

        var update = new JsonObject { ["lastName"] = "Сейтқазы", ["firstName"] = "Әсел", ["phone"] = "8 701 765 43 21", ["email"] = email };
        var updated = await app.PostAsync("/api/v1/me/details", update, bearer: bearer);
        Assert.Equal("Updated", (await AppClient.JsonAsync(updated))["outcome"]!.GetValue<string>());

        var optOut = await app.PostAsync("/api/v1/me/marketing/opt-out", null, bearer: bearer);
        Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);

        var withdraw = await app.PostAsync("/api/v1/me/consent/withdraw", null, bearer: bearer);
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.NotNull((await AppClient.JsonAsync(withdraw))["destroyOn"]);

        // Withdrawing ends the session, as on the website.
        var after = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        after.Headers.Authorization = new("Bearer", bearer);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(after)).StatusCode);

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var subject = await db.DataSubjects.WithEmail(scope.ServiceProvider.GetRequiredService<PersonalDataPolicy.Subjects.IBlindIndex>(), email).SingleAsync();
        var withdrawals = await db.ConsentEvents.Where(e => e.SubjectId == subject.Id && e.Action == ConsentAction.Withdrawn).ToListAsync();
        Assert.Equal(2, withdrawals.Count);
        Assert.All(withdrawals, e =>
        {
            Assert.Equal(ConsentChannel.MobileApp, e.Channel);
            Assert.Equal($"session:mobile-app;app={AppClient.Version}", e.Evidence);
        });
        var requests = await db.Requests.Where(r => r.SubjectId == subject.Id).Select(r => new { r.Type, r.Channel }).ToListAsync();
        Assert.Contains(requests, r => r.Type == RequestType.Access && r.Channel == RequestChannel.MobileApp);
        Assert.Contains(requests, r => r.Type == RequestType.Withdraw && r.Channel == RequestChannel.MobileApp);
    }

    [Fact]
    public async Task A_code_works_once_and_a_few_wrong_tries_burn_it()
    {
        var app = App();
        const string email = "api-code@example.kz";
        await app.PostAsync("/api/v1/appeals", await app.AppealAsync(email));
        var code = await RequestCodeAsync(app, email, expectedMails: 1);

        for (var i = 0; i < PersonalDataPolicy.MobileApp.AppAccessCode.MaxAttempts; i++)
        {
            var wrong = await app.PostAsync("/api/v1/access/token", new JsonObject { ["email"] = email, ["code"] = code == "000000" ? "111111" : "000000" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var burnt = await app.PostAsync("/api/v1/access/token", new JsonObject { ["email"] = email, ["code"] = code });
        Assert.Equal(HttpStatusCode.BadRequest, burnt.StatusCode);

        var fresh = await RequestCodeAsync(app, email, expectedMails: 2);
        var body = new JsonObject { ["email"] = email, ["code"] = fresh };
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("/api/v1/access/token", body)).StatusCode);
        var reused = await app.PostAsync("/api/v1/access/token", body);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("validation", AppClient.Code(await AppClient.JsonAsync(reused)));

        // Only a keyed hash is on record, never the digits.
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var plainHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fresh)));
        Assert.All(await db.AppAccessCodes.Select(c => c.CodeHash).ToListAsync(), h =>
        {
            Assert.Matches("^[0-9a-f]{64}$", h);
            Assert.NotEqual(plainHash, h);
        });
    }

    [Fact]
    public async Task A_code_request_answers_the_same_for_a_known_and_an_unknown_address()
    {
        var app = App();
        await app.PostAsync("/api/v1/appeals", await app.AppealAsync("api-known@example.kz"));
        var known = await app.PostAsync("/api/v1/access/code", new JsonObject { ["email"] = "api-known@example.kz" });
        var unknown = await app.PostAsync("/api/v1/access/code", new JsonObject { ["email"] = "api-nobody@example.kz" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(known.Headers.Select(h => h.Key).Order(), unknown.Headers.Select(h => h.Key).Order());
        await mail.Smtp.WaitForAsync("api-known@example.kz", m => m.Subject?.Contains("Qoldau", StringComparison.Ordinal) == true);

        // A wrong code for a stranger's address gets the refusal of a wrong code for a client's.
        var strangers = await app.PostAsync("/api/v1/access/token", new JsonObject { ["email"] = "api-nobody@example.kz", ["code"] = "123456" });
        var clients = await app.PostAsync("/api/v1/access/token", new JsonObject { ["email"] = "api-known@example.kz", ["code"] = "123456" });
        Assert.Equal(clients.StatusCode, strangers.StatusCode);
        Assert.Equal((await AppClient.JsonAsync(clients))["errors"]!.ToJsonString(), (await AppClient.JsonAsync(strangers))["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task The_api_takes_no_cookie_session_and_sends_no_cors_headers()
    {
        var app = App();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", "my-data-session=anything; .AspNetCore.Identity.Application=anything");
        request.Headers.Add("Origin", "https://evil.example");
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("unauthorized", AppClient.Code(await AppClient.JsonAsync(response)));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/appeals");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        Assert.False((await app.Client.SendAsync(preflight)).Headers.Contains("Access-Control-Allow-Origin"));

        var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_token_at_once()
    {
        var app = App();
        const string email = "api-signout@example.kz";
        await app.PostAsync("/api/v1/appeals", await app.AppealAsync(email));
        var bearer = await SignInAsync(app, email);
        Assert.Equal(HttpStatusCode.NoContent, (await app.PostAsync("/api/v1/access/sign-out", null, bearer: bearer)).StatusCode);
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Authorization = new("Bearer", bearer);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(me)).StatusCode);
    }

    [Theory]
    [InlineData("kk", "Qoldau 24/7 мобильді қосымшасының API-і")]
    [InlineData("ru", "API мобильного приложения Qoldau 24/7")]
    [InlineData("en", "API of the Qoldau 24/7 mobile app")]
    public async Task The_reference_page_lists_every_operation_without_anything_from_outside(string language, string title)
    {
        var page = await App().Client.GetStringAsync($"/{language}/api");
        Assert.Contains($"<h1>{title}</h1>", page, StringComparison.Ordinal);
        foreach (var operation in new[] { "POST /api/v1/appeals", "GET /api/v1/policy/{language}", "POST /api/v1/access/code", "POST /api/v1/me/consent/withdraw" })
        {
            Assert.Contains($"<code>{operation}</code>", page, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"/openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
    }

    private async Task<string> SignInAsync(AppClient app, string email)
    {
        var code = await RequestCodeAsync(app, email, expectedMails: 1);
        var token = await app.PostAsync("/api/v1/access/token", new JsonObject { ["email"] = email, ["code"] = code });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await AppClient.JsonAsync(token);
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
        return body["token"]!.GetValue<string>();
    }

    private async Task<string> RequestCodeAsync(AppClient app, string email, int expectedMails)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostAsync("/api/v1/access/code", new JsonObject { ["email"] = email })).StatusCode);
        var mails = await mail.Smtp.WaitForAsync(email, m => m.Subject?.Contains("Qoldau", StringComparison.Ordinal) == true, expectedMails);
        return AppClient.CodeIn(mails[^1]);
    }

    private async Task<int> AppealsFromAsync(string email)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var all = await db.Appeals.AsNoTracking().ToListAsync();
        return all.Count(a => a.ContactEmail == email);
    }
}
