using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public abstract class AppealSubmissionScenarios(SiteFactory site)
{
    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task A_valid_appeal_stores_subject_appeal_and_processing_consent_to_the_shown_version_then_shows_the_receipt()
    {
        var response = await Forms.PostAppealAsync(_client, "en", Forms.ValidAppeal(email: "Happy.Path@Example.KZ"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receiptUrl = response.Headers.Location!.OriginalString;
        Assert.Matches("^/en/consent/receipts/[A-Za-z0-9_-]{22}$", receiptUrl);

        var subject = await site.SubjectWithEmailAsync("happy.path@example.kz");
        Assert.NotNull(subject);
        var (appeal, events, policyHash) = await site.WithDbAsync(async db =>
        {
            var appeal = await db.Appeals.SingleAsync(a => a.SubjectId == subject.Id);
            var events = await db.ConsentEvents.Where(e => e.SubjectId == subject.Id).ToListAsync();
            var hash = (await db.PolicyTexts.SingleAsync(t => t.Language == "en" && t.PolicyVersionId == 1)).Sha256;
            return (appeal, events, hash);
        });
        Assert.Equal("Сейтқазы", subject.LastName);
        Assert.Equal("+77012345678", subject.Phone);
        Assert.Equal(ContactChannel.Email, appeal.PreferredChannel);
        Assert.Equal(1, appeal.PolicyVersion);
        var consent = Assert.Single(events);
        Assert.Equal(ConsentPurpose.PersonalDataProcessing, consent.Purpose);
        Assert.Equal(ConsentAction.Granted, consent.Action);
        Assert.Equal(1, consent.PolicyVersion);
        Assert.Equal(policyHash, consent.PolicyTextSha256);
        Assert.Equal(ConsentChannel.WebForm, consent.Channel);
        Assert.Equal("en", consent.Language);
        // Law 94-V art. 8 p. 4: operator with BIN, the person, term, third parties, cross-border, publication, list of data.
        Assert.StartsWith("I, the person named in this form, consent to the operator, Non-profit Joint Stock Company \"Social Health Insurance Fund\" (BIN 000000000000)", consent.Wording);
        Assert.Contains("last name, first name, patronymic (if any), e-mail address, phone number", consent.Wording);
        Assert.Contains("until I withdraw it", consent.Wording);
        Assert.Contains("third parties", consent.Wording);
        Assert.Contains("across borders", consent.Wording);
        Assert.Contains("publicly available sources", consent.Wording);
        Assert.Contains("version 1", consent.Wording);

        var receipt = await _client.GetStringAsync(receiptUrl);
        Assert.Contains("Your appeal has been received", receipt);
        Assert.Contains("h***@e***.kz", receipt);
        Assert.DoesNotContain("happy.path@example.kz", receipt, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(consent.Wording.Replace("\"", "&quot;"), receipt);
    }

    [Fact]
    public async Task Ticking_marketing_records_a_separate_marketing_consent_and_leaving_it_unticked_records_none()
    {
        var withMarketing = Forms.ValidAppeal(email: "marketing-yes@example.kz");
        withMarketing["Form.ConsentToMarketing"] = "true";
        await Forms.PostAppealAsync(_client, "ru", withMarketing);
        await Forms.PostAppealAsync(_client, "ru", Forms.ValidAppeal(email: "marketing-no@example.kz"));

        var yes = (await site.SubjectWithEmailAsync("marketing-yes@example.kz"))!.Id;
        var no = (await site.SubjectWithEmailAsync("marketing-no@example.kz"))!.Id;
        var purposes = await site.WithDbAsync(async db =>
        {
            return (
                Yes: await db.ConsentEvents.Where(e => e.SubjectId == yes).OrderBy(e => e.Sequence).Select(e => e.Purpose).ToListAsync(),
                No: await db.ConsentEvents.Where(e => e.SubjectId == no).Select(e => e.Purpose).ToListAsync());
        });
        Assert.Equal([ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications], purposes.Yes);
        Assert.Equal([ConsentPurpose.PersonalDataProcessing], purposes.No);
    }

    [Fact]
    public async Task Without_consent_the_form_returns_400_with_a_localized_error_and_stores_nothing()
    {
        var before = await CountRowsAsync();
        var fields = Forms.ValidAppeal(email: "no-consent@example.kz");
        fields.Remove("Form.ConsentToProcessing");

        var response = await Forms.PostAppealAsync(_client, "kk", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Өтініш жіберілмеді", html);
        Assert.Contains("дербес деректерді өңдеуге келісім беріңіз", html);
        Assert.Contains("href=\"#Form_ConsentToProcessing\"", html);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("Form.LastName", "", "Заполните поле «Фамилия».")]
    [InlineData("Form.LastName", "R2-D2", "Поле «Фамилия» может содержать только")]
    [InlineData("Form.FirstName", "<script>", "Поле «Имя» может содержать только")]
    [InlineData("Form.Email", "not-an-email", "Введите адрес электронной почты")]
    [InlineData("Form.Phone", "12345", "Введите корректный номер телефона")]
    [InlineData("Form.PreferredChannel", "Fax", "Недопустимое значение в поле «Предпочтительный способ связи»")]
    [InlineData("Form.Topic", "", "Выберите значение в поле «Тема обращения»")]
    [InlineData("Form.Message", "   ", "Заполните поле «Сообщение».")]
    [InlineData("Form.PolicyVersion", "abc", "Недопустимое значение")]
    public async Task Bad_input_gets_a_400_with_the_error_beside_the_field_in_the_visitors_language_and_nothing_is_stored(string field, string value, string expectedError)
    {
        var before = await CountRowsAsync();
        var fields = Forms.ValidAppeal(email: "bad-input@example.kz");
        fields[field] = value;

        var response = await Forms.PostAppealAsync(_client, "ru", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ru\">", html);
        Assert.Contains("Обращение не отправлено", html);
        Assert.Contains(expectedError, html);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400_and_stores_nothing()
    {
        var before = await CountRowsAsync();

        var response = await Forms.PostAppealAsync(_client, "en", Forms.ValidAppeal(email: "no-token@example.kz"), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_second_appeal_with_a_known_email_is_kept_apart_and_an_unverified_form_does_not_touch_the_record()
    {
        await Forms.PostAppealAsync(_client, "en", Forms.ValidAppeal(lastName: "Original", email: "repeat@example.kz"));
        await Forms.PostAppealAsync(_client, "en", Forms.ValidAppeal(lastName: "Impostor", email: "  REPEAT@Example.kz ", phone: "+7 702 000 00 00"));

        var subject = await site.SubjectWithEmailAsync("repeat@example.kz");
        Assert.NotNull(subject);
        Assert.Equal("Original", subject.LastName);
        Assert.Equal("+77012345678", subject.Phone);
        Assert.Equal(1, await site.WithDbAsync(db => db.Appeals.CountAsync(a => a.SubjectId == subject.Id)));

        // Until the owner confirms from the mailbox, the appeal belongs to an unconfirmed sender that claims nothing.
        var sender = await site.WithDbAsync(db => db.DataSubjects.SingleAsync(s => s.ClaimedSubjectId == subject.Id));
        Assert.Equal(SubjectStatus.Unconfirmed, sender.Status);
        var appeal = await site.WithDbAsync(db => db.Appeals.SingleAsync(a => a.SubjectId == sender.Id));
        Assert.Equal(("Impostor", "+77020000000"), (appeal.ContactName.LastName, appeal.ContactPhone));
    }

    [Fact]
    public async Task The_receipt_as_json_names_the_policy_version_purposes_and_a_masked_email_only()
    {
        var withMarketing = Forms.ValidAppeal(email: "json.receipt@example.kz");
        withMarketing["Form.ConsentToMarketing"] = "true";
        var response = await Forms.PostAppealAsync(_client, "kk", withMarketing);
        var url = response.Headers.Location!.OriginalString;

        var json = await _client.GetStringAsync(url + ".json");

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(url.Split('/')[^1], root.GetProperty("consentReceiptID").GetString());
        Assert.Equal("KZ", root.GetProperty("jurisdiction").GetString());
        Assert.Equal(1, root.GetProperty("policyVersion").GetInt32());
        Assert.EndsWith("/kk/policy/versions/1", root.GetProperty("policyUrl").GetString());
        Assert.Equal("j***@e***.kz", root.GetProperty("piiPrincipalId").GetString());
        var states = root.GetProperty("services")[0].GetProperty("purposes").EnumerateArray()
            .ToDictionary(p => p.GetProperty("purposeId").GetString()!, p => p.GetProperty("state").GetString());
        Assert.Equal("granted", states["PersonalDataProcessing"]);
        Assert.Equal("requested", states["MarketingNotifications"]);
        Assert.DoesNotContain("json.receipt", json);
    }

    [Theory]
    [InlineData("/en/consent/receipts/AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/en/consent/receipts/short")]
    [InlineData("/en/consent/receipts/AAAAAAAAAAAAAAAAAAAAAA.json")]
    public async Task An_unknown_receipt_is_a_localized_404(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    private Task<(int Subjects, int Appeals, int Events, int Receipts)> CountRowsAsync() =>
        site.WithDbAsync(async db => (
            await db.DataSubjects.CountAsync(),
            await db.Appeals.CountAsync(),
            await db.ConsentEvents.CountAsync(),
            await db.ConsentReceipts.CountAsync()));
}

public sealed class AppealSubmissionTests(SiteFactory site) : AppealSubmissionScenarios(site), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class AppealSubmissionOnPostgreSqlTests(PostgreSqlSiteFactory site) : AppealSubmissionScenarios(site), IClassFixture<PostgreSqlSiteFactory>;
