using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>The mobile app as the API sees it: JSON, a version header, a fresh Idempotency-Key per POST unless a test reuses one.</summary>
public sealed class AppClient(HttpClient client)
{
    public const string Version = "2.4.1";

    public HttpClient Client { get; } = client;

    public async Task<JsonObject> CurrentPolicyAsync(string language = "en") =>
        (await Client.GetFromJsonAsync<JsonObject>($"/api/v1/policy/{language}"))!;

    /// <summary>An appeal as the app sends it, with the policy the app was just shown.</summary>
    public async Task<JsonObject> AppealAsync(string email = "asel@example.kz", string language = "en", bool marketing = false)
    {
        var policy = await CurrentPolicyAsync(language);
        return new JsonObject
        {
            ["lastName"] = "Сейтқазы",
            ["firstName"] = "Әсел",
            ["email"] = email,
            ["phone"] = "8 701 234 56 78",
            ["preferredChannel"] = "Email",
            ["topic"] = "PersonalData",
            ["message"] = "Прошу сообщить, какие мои данные хранятся.",
            ["consentToProcessing"] = true,
            ["consentToMarketing"] = marketing,
            ["policyVersion"] = policy["number"]!.GetValue<int>(),
            ["policySha256"] = policy["sha256"]!.GetValue<string>(),
            ["language"] = language,
        };
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode? body, string? idempotencyKey = null, string? bearer = null,
        string? language = null, string? appVersion = Version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body?.ToJsonString() ?? "{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        if (appVersion is not null)
        {
            request.Headers.Add("X-App-Version", appVersion);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return Client.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static string? Code(JsonObject problem) => problem["code"]?.GetValue<string>();

    /// <summary>The digits of the sign-in code in a mail's text.</summary>
    public static string CodeIn(MimeKit.MimeMessage mail) =>
        System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"\b\d{6}\b").Value;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
