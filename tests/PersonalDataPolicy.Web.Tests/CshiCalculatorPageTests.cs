using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 16, part 3: the public calculator page in kk/ru/en (figures in each culture's format, the formula, the sources),
/// its bad-input pages, its caching, the footer link, and the same calculation through the app's API.
/// </summary>
public sealed class CshiCalculatorPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string NoBreak = "\u00A0";

    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("ru", "2 % × 300 000,00 ₸ = 6 000,00 ₸", "Работник (взносы удерживаются из зарплаты) — 2026")]
    [InlineData("kk", "2 % × 300 000,00 ₸ = 6 000,00 ₸", "Қызметкер (жарналар жалақыдан ұсталады) — 2026")]
    [InlineData("en", "2 % × 300,000.00 ₸ = 6,000.00 ₸", "Employee (contributions withheld from pay) — 2026")]
    public async Task The_page_shows_the_amount_the_formula_and_the_sources_in_its_language(string culture, string formula, string title)
    {
        var response = await _client.GetAsync($"/{culture}/cshi-calculator?year=2026&category=employee&income=300000");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{culture}\">", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        // ru/kk: no-break space between thousands and decimal comma; the % and ₸ signs kept to their numbers.
        Assert.Contains(formula.Replace(" %", NoBreak + "%", StringComparison.Ordinal).Replace(" ₸", NoBreak + "₸", StringComparison.Ordinal)
            .Replace("300 000", "300" + NoBreak + "000", StringComparison.Ordinal).Replace("6 000", "6" + NoBreak + "000", StringComparison.Ordinal), html, StringComparison.Ordinal);
        Assert.Contains("data-amount=\"6000.00\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://pro1c.kz/news/zakonodatelstvo/v-2025-godu-predel-po-vosms-i-oosms-uvelichitsya-do-50-mzp\"", html, StringComparison.Ordinal);
        Assert.Contains("405-V", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025", "employer", "1000000", "25500.00", "Доход 1")]
    [InlineData("2026", "employer", "5 000 000", "102000.00", "выше предела 40 × МЗП")]
    [InlineData("2025", "individual-entrepreneur", "", "5950.00", "1,4 × МЗП")]
    [InlineData("2026", "self-payer", "999", "4250.00", "1 × МЗП")]
    [InlineData("2026", "platform-self-employed", "150000,00", "1500.00", "Доход 150")]
    public async Task Each_category_is_calculated_on_its_base(string year, string category, string income, string amount, string explanation)
    {
        var response = await _client.GetAsync($"/ru/cshi-calculator?year={year}&category={category}&income={Uri.EscapeDataString(income)}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Replace(NoBreak, " ", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-amount=\"{amount}\"", html, StringComparison.Ordinal);
        Assert.Contains(explanation, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru", "year=2026&category=employee&income=-5", "Доход не может быть отрицательным.")]
    [InlineData("kk", "year=2026&category=employee&income=abc", "Табысты теңгемен, санмен көрсетіңіз, мысалы 300 000.")]
    [InlineData("en", "year=2026&category=employee&income=", "Enter the monthly income.")]
    [InlineData("en", "year=1999&category=employee&income=1", "The calculator has no figures for that year; choose one from the list.")]
    [InlineData("ru", "year=2026&category=astronaut&income=1", "Выберите категорию плательщика из списка.")]
    [InlineData("kk", "year=2026&category=civil-contract&income=1", "Бұл санаттың таңдалған жылғы мөлшерлемесі ашық дереккөздерден табылмады")]
    [InlineData("ru", "year=abc", "Для этого года в калькуляторе нет данных; выберите год из списка.")]
    public async Task Bad_input_gets_a_localized_error_in_the_full_page_and_no_figure(string culture, string query, string message)
    {
        var response = await _client.GetAsync($"/{culture}/cshi-calculator?{query}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{culture}\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-amount", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_empty_page_is_public_and_cacheable_an_answer_is_not_kept_and_nothing_typed_reaches_the_log()
    {
        var empty = await _client.GetAsync("/ru/cshi-calculator");
        var answer = await _client.GetAsync("/ru/cshi-calculator?year=2026&category=employee&income=7654321");
        var html = await empty.Content.ReadAsStringAsync();

        Assert.Equal("public, max-age=60", empty.Headers.CacheControl?.ToString());
        Assert.False(empty.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Contains("method=\"get\"", html, StringComparison.Ordinal);
        Assert.NotEqual("public, max-age=60", answer.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain("7654321", site.Log.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kk", "МӘМС калькуляторы")]
    [InlineData("ru", "Калькулятор ОСМС")]
    [InlineData("en", "CSHI calculator")]
    public async Task The_footer_link_leads_to_the_calculator(string culture, string label)
    {
        var html = await _client.GetStringAsync($"/{culture}/policy");

        Assert.Contains($"<a href=\"/{culture}/cshi-calculator\">{label}</a>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/{culture}/cshi-calculator")).StatusCode);
    }

    [Fact]
    public async Task The_api_gives_the_same_calculation_with_texts_in_the_language_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cshi/calculation?year=2026&category=employer&income=5000000");
        request.Headers.AcceptLanguage.ParseAdd("ru");
        var response = await _client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("employer", body.GetProperty("category").GetString());
        Assert.Equal(102_000m, body.GetProperty("amount").GetDecimal());
        Assert.Equal(3_400_000m, body.GetProperty("base").GetDecimal());
        Assert.True(body.GetProperty("capped").GetBoolean());
        Assert.Equal(40m, body.GetProperty("capMinimumWages").GetDecimal());
        Assert.Equal($"3{NoBreak}% × 3{NoBreak}400{NoBreak}000,00{NoBreak}₸ = 102{NoBreak}000,00{NoBreak}₸", body.GetProperty("formula").GetString());
        Assert.All(body.GetProperty("sources").EnumerateArray(), s => Assert.StartsWith("https://", s.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.Contains("Закон", body.GetProperty("sources")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Theory]
    [InlineData("kk", "year=2026&category=employee&income=-1", "income", "Табыс теріс бола алмайды.")]
    [InlineData("en", "year=2024&category=employee&income=1", "year", "The calculator has no figures for that year; choose one from the list.")]
    [InlineData("ru", "year=2026&category=civil-contract&income=1", "category", "Ставку этой категории на выбранный год мы не нашли в открытых источниках, поэтому калькулятор её не угадывает. Выберите другой год или категорию.")]
    public async Task The_api_refuses_bad_input_with_a_localized_validation_problem(string language, string query, string field, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cshi/calculation?" + query);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await _client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(message, json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
    }
}
