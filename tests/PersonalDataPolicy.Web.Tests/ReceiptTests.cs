using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The receipt page says everything Law 94-V art. 8 p. 4 and art. 25 p. 2 ask for, the ISO/IEC TS 27560 record follows the
/// URL's language with honest states, absolute links never come from the Host header, and the policy and FAQ pages show
/// the responsible person and the requests address.
/// </summary>
public sealed class ReceiptTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private OperatorOptions Operator => site.Services.GetRequiredService<IOptions<OperatorOptions>>().Value;

    private MailOptions Mail => site.Services.GetRequiredService<IOptions<MailOptions>>().Value;

    [Theory]
    [InlineData("kk", "Дербес деректер")]
    [InlineData("ru", "Обращения в Фонд")]
    [InlineData("en", "Appeals to the Fund")]
    public async Task The_kantara_receipt_speaks_the_language_of_the_url_and_keeps_the_consent_as_given(string culture, string service)
    {
        var (id, _) = await Receipts.IssueAsync(site, _client, "ru", $"kantara.{culture}@example.kz");

        using var document = JsonDocument.Parse(await _client.GetStringAsync($"/{culture}/consent/receipts/{id}.json"));
        var receipt = document.RootElement;

        Assert.Equal(culture, receipt.GetProperty("language").GetString());
        Assert.StartsWith(service, receipt.GetProperty("services")[0].GetProperty("service").GetString());
        Assert.Contains("/ru/policy/versions/1", receipt.GetProperty("policyUrl").GetString());
        var wording = receipt.GetProperty("services")[0].GetProperty("purposes")[0].GetProperty("consentWording").GetString();
        Assert.Matches("[а-яё]", wording);
    }

    [Fact]
    public async Task The_27560_record_has_the_required_fields_in_the_language_of_the_url_and_a_requested_consent_is_not_given()
    {
        var (id, subjectId) = await Receipts.IssueAsync(site, _client, "en", "iso.record@example.kz");
        await Receipts.AppendAsync(site, subjectId, ConsentPurpose.MarketingNotifications, ConsentAction.Requested, "en",
            ConsentChannel.WebForm, id, $"form:{id}");
        var purposeTexts = new HashSet<string>();
        var stateTexts = new HashSet<string>();

        foreach (var culture in SiteLanguages.All)
        {
            var response = await _client.GetAsync($"/{culture}/consent/receipts/{id}.27560.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var record = document.RootElement;

            Assert.Equal("ISO/IEC TS 27560:2023", record.GetProperty("schema_version").GetString());
            Assert.StartsWith(Mail.PublicBaseUrl, record.GetProperty("record_id").GetString());
            Assert.Equal(culture, record.GetProperty("language").GetString());
            Assert.Equal("i***@e***.kz", record.GetProperty("pii_principal_id").GetString());
            Assert.Equal("KZ", record.GetProperty("jurisdiction").GetString());
            var notice = record.GetProperty("privacy_notice");
            Assert.Equal(1, notice.GetProperty("version").GetInt32());
            Assert.Equal(64, notice.GetProperty("sha256").GetString()!.Length);
            Assert.StartsWith(Mail.PublicBaseUrl + "/en/policy/versions/1", notice.GetProperty("url").GetString());

            var controller = Assert.Single(record.GetProperty("pii_controllers").EnumerateArray());
            Assert.Equal(Operator.Name.In(culture), controller.GetProperty("party_name").GetString());
            Assert.Equal("000000000000", controller.GetProperty("party_id").GetString());
            Assert.Equal(Operator.Address.In(culture), controller.GetProperty("party_address").GetString());
            Assert.Equal("dpv:DataController", controller.GetProperty("party_role").GetString());
            Assert.False(string.IsNullOrEmpty(controller.GetProperty("party_type").GetString()));
            var contact = controller.GetProperty("party_contact");
            Assert.Equal(Operator.ResponsiblePerson.Position.In(culture), contact.GetProperty("position").GetString());
            Assert.Equal(Operator.ResponsiblePerson.Email, contact.GetProperty("email").GetString());

            var purposes = record.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("purpose_id").GetString()!);
            foreach (var purpose in purposes.Values)
            {
                foreach (var field in new[] { "purpose", "retention_period", "geographic_restrictions", "lawful_basis" })
                {
                    Assert.False(string.IsNullOrEmpty(purpose.GetProperty(field).GetString()), field);
                }

                Assert.NotEmpty(purpose.GetProperty("pii_information").EnumerateArray().Select(p => p.GetProperty("pii_type").GetString()));
                Assert.Equal(["KZ"], purpose.GetProperty("storage_locations").EnumerateArray().Select(l => l.GetString()));
                Assert.Equal(0, purpose.GetProperty("recipient_third_parties").GetArrayLength());
                Assert.StartsWith($"mailto:{Mail.RequestsAddress}?subject=", purpose.GetProperty("withdrawal_method").GetProperty("mailto").GetString());
                foreach (var consentEvent in purpose.GetProperty("events").EnumerateArray())
                {
                    foreach (var field in new[] { "event_time", "event_type", "event_state", "entity_id" })
                    {
                        Assert.False(string.IsNullOrEmpty(consentEvent.GetProperty(field).GetString()), field);
                    }

                    Assert.Equal("dpv:UntilEventDuration", consentEvent.GetProperty("validity_duration").GetProperty("type").GetString());
                }
            }

            var processing = purposes["PersonalDataProcessing"];
            Assert.Equal(("dpv:ConsentGiven", "granted"), (processing.GetProperty("event_state").GetString(), processing.GetProperty("status").GetString()));
            var marketing = purposes["MarketingNotifications"];
            Assert.Equal(("dpv:ConsentRequested", "requested"), (marketing.GetProperty("event_state").GetString(), marketing.GetProperty("status").GetString()));
            var requested = Assert.Single(marketing.GetProperty("events").EnumerateArray());
            Assert.Equal("dpv:ConsentRequested", requested.GetProperty("event_state").GetString());
            Assert.Equal("dpv:DataSubject", requested.GetProperty("entity_id").GetString());

            purposeTexts.Add(processing.GetProperty("purpose").GetString()!);
            stateTexts.Add(marketing.GetProperty("status_text").GetString()!);
        }

        Assert.Equal(3, purposeTexts.Count);
        Assert.Equal(3, stateTexts.Count);
        Assert.Contains("requested — awaiting your confirmation from the mailbox", stateTexts);
    }

    [Fact]
    public async Task The_receipt_page_names_the_operator_the_person_as_entered_the_responsible_person_and_the_requests_address()
    {
        var (first, _) = await Receipts.IssueAsync(site, _client, "ru", "as.entered@example.kz", lastName: "Оригиналова");
        var (second, subjectId) = await Receipts.IssueAsync(site, _client, "ru", "as.entered@example.kz", lastName: "Другова");
        await Receipts.AppendAsync(site, subjectId, ConsentPurpose.MarketingNotifications, ConsentAction.Requested, "ru",
            ConsentChannel.WebForm, second, $"form:{second}");
        var subjects = await site.WithDbAsync(async db => (await db.PolicyTexts.SingleAsync(t => t.Language == "ru" && t.PolicyVersionId == 1)).MarkedSubjects);

        var response = await _client.GetAsync($"/ru/consent/receipts/{second}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Contains("noindex", string.Join(',', response.Headers.GetValues("X-Robots-Tag")));
        Assert.Contains(Operator.Name.Ru!, html);
        Assert.Contains("БИН 000000000000", html);
        Assert.Contains(Operator.Address.Ru!, html);
        Assert.Contains("Другова Әсел Нұрланқызы", html);
        Assert.DoesNotContain("Оригиналова", html);
        Assert.Contains(Operator.ResponsiblePerson.Position.Ru!, html);
        Assert.Contains(Operator.ResponsiblePerson.Email!, html);
        Assert.Contains(Mail.RequestsAddress, html);
        Assert.Contains($"«{subjects.OptOutOfMarketing}»", html);
        Assert.Contains($"«{subjects.UpdatePersonalData}»", html);
        Assert.Contains($"«{subjects.WithdrawConsent}»", html);
        Assert.Contains("фамилия, имя, отчество (при наличии), адрес электронной почты, номер телефона", html);
        Assert.Contains("Не осуществляется, кроме случаев, предусмотренных законами Республики Казахстан", html);
        Assert.Contains("данные не покидают Республику Казахстан", html);
        Assert.Contains("До отзыва (пункт 6.5 Политики)", html);
        Assert.Contains("запрошено — ожидает вашего подтверждения из письма", html);
        Assert.Contains("вами: отмечено в форме на сайте", html);

        // Times as the fund's clocks show them, with the zone's name and offset.
        var offset = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty").GetUtcOffset(DateTimeOffset.UtcNow);
        Assert.Contains($"(время Астаны, UTC+{offset:hh\\:mm})", html);
        Assert.DoesNotContain(" UTC)", html);

        var firstHtml = WebUtility.HtmlDecode(await _client.GetStringAsync($"/ru/consent/receipts/{first}"));
        Assert.Contains("Оригиналова Әсел Нұрланқызы", firstHtml);
        Assert.Contains("не дано", firstHtml);
    }

    [Fact]
    public async Task A_forged_host_header_never_reaches_the_links_in_a_receipt()
    {
        var (id, _) = await Receipts.IssueAsync(site, _client, "kk", "host.header@example.kz");
        var forged = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example/") });
        var urls = new List<string>();

        foreach (var path in new[] { $"/kk/consent/receipts/{id}.json", $"/kk/consent/receipts/{id}.27560.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "evil.example";
            var response = await forged.SendAsync(request);
            var json = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("evil.example", json);
            using var document = JsonDocument.Parse(json);
            urls.AddRange(Strings(document.RootElement).Where(s => s.StartsWith("http", StringComparison.Ordinal)));
        }

        using var kantara = JsonDocument.Parse(await forged.GetStringAsync($"/kk/consent/receipts/{id}.json"));
        Assert.Equal($"{Mail.PublicBaseUrl}/kk/policy/versions/1", kantara.RootElement.GetProperty("policyUrl").GetString());
        // Besides two fixed references (the fund's own site, a configured fact, and the DPV profile the record conforms to),
        // every absolute URL is one of this site's, on the configured base.
        var ours = urls.Where(u => u != Operator.Site && u != "https://w3id.org/dpv/schema/dpv-27560#record").ToList();
        Assert.True(ours.Count >= 6, string.Join('\n', urls));
        Assert.All(ours, u => Assert.StartsWith(Mail.PublicBaseUrl + "/", u));
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task The_policy_and_faq_show_the_responsible_person_and_the_requests_address_with_the_marked_subjects(string culture)
    {
        var subjects = await site.WithDbAsync(async db => (await db.PolicyTexts.SingleAsync(t => t.Language == culture && t.PolicyVersionId == 1)).MarkedSubjects);

        foreach (var page in new[] { $"/{culture}/policy", $"/{culture}/policy/faq", $"/{culture}/policy/versions/1" })
        {
            var html = WebUtility.HtmlDecode(await _client.GetStringAsync(page));
            Assert.Contains(Operator.ResponsiblePerson.Position.In(culture), html);
            Assert.Contains($"mailto:{Operator.ResponsiblePerson.Email}", html);
            Assert.Contains(Operator.Name.In(culture), html);
            Assert.Contains("000000000000", html);
            Assert.Contains(Operator.Address.In(culture), html);
            Assert.Contains($"mailto:{Mail.RequestsAddress}", html);
            Assert.Contains($"«{subjects.OptOutOfMarketing}»", html);
            Assert.Contains($"«{subjects.UpdatePersonalData}»", html);
            Assert.Contains($"«{subjects.WithdrawConsent}»", html);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "id=\"operator-contacts-title\""));
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
