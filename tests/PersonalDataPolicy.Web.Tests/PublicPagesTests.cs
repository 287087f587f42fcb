using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public sealed class PublicPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var culture in SiteLanguages.All)
        {
            foreach (var page in new[] { "policy", "policy/versions", "policy/versions/1", "policy/faq", "search", "search?q=email", "appeal", "my-data" })
            {
                data.Add(culture, page);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_public_page_answers_200_in_its_language(string culture, string page)
    {
        var response = await _client.GetAsync($"/{culture}/{page}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{culture}\">", html);
        Assert.Contains("href=\"tel:1414\"", html);
    }

    [Theory]
    [InlineData("kk", "Дербес деректерді өңдеу саясаты", "Нашар көретіндерге арналған нұсқа")]
    [InlineData("ru", "Политика в отношении обработки персональных данных", "Версия для слабовидящих")]
    [InlineData("en", "Policy regarding the processing of personal data", "Version for the visually impaired")]
    public async Task The_policy_is_shown_in_the_chosen_language_with_a_contents_list_of_all_eight_sections(string culture, string titleStart, string accessibleLink)
    {
        var html = await _client.GetStringAsync($"/{culture}/policy");

        Assert.Contains(accessibleLink, html);
        Assert.Contains(titleStart, html, StringComparison.OrdinalIgnoreCase);
        for (var section = 1; section <= 8; section++)
        {
            Assert.Contains($"href=\"#section-{section}\"", html);
            Assert.Contains($"id=\"section-{section}\"", html);
        }

        Assert.Contains("id=\"clause-6-5\"", html);
    }

    [Theory]
    [InlineData("ru-RU,ru;q=0.9,en;q=0.8", "/ru/policy")]
    [InlineData("en-GB,en;q=0.9", "/en/policy")]
    [InlineData("kk-KZ", "/kk/policy")]
    [InlineData("de-DE,fr;q=0.5", "/kk/policy")]
    [InlineData(null, "/kk/policy")]
    public async Task The_root_redirects_to_the_visitors_language_falling_back_to_kazakh(string? acceptLanguage, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_language_switch_keeps_the_current_page_and_query()
    {
        var html = await _client.GetStringAsync("/en/search?q=consent");

        Assert.Contains("href=\"/kk/search?q=consent\"", html);
        Assert.Contains("href=\"/ru/search?q=consent\"", html);
        Assert.Contains("href=\"/en/search?q=consent\" lang=\"en\" hreflang=\"en\" aria-current=\"true\"", html);
    }

    [Theory]
    [InlineData("en", "withdraw consent", "clause-6-5")]
    [InlineData("ru", "Отзыв согласия", "clause-6-5")]
    [InlineData("kk", "трансшекаралық", "clause-7-1")]
    [InlineData("en", "Opt-out of notifications", "clause-4-2")]
    public async Task Search_finds_clauses_in_the_current_language_and_links_to_their_anchors(string culture, string query, string anchor)
    {
        var html = await _client.GetStringAsync($"/{culture}/search?q={Uri.EscapeDataString(query)}");

        Assert.Contains($"href=\"/{culture}/policy#{anchor}\"", html);
        Assert.Contains("<mark>", html);
    }

    [Theory]
    [InlineData("ru", "почта", "почты")]
    [InlineData("ru", "Согласие", "согласия")]
    [InlineData("en", "e-mail", "emails")]
    [InlineData("en", "consents", "consent")]
    [InlineData("kk", "келісім", "келісімді")]
    [InlineData("kk", "келисим", "келісімін")]
    [InlineData("kk", "деректер", "деректерді")]
    public async Task Search_finds_other_forms_of_a_word_and_marks_them(string culture, string query, string form)
    {
        var html = await _client.GetStringAsync($"/{culture}/search?q={Uri.EscapeDataString(query)}");

        Assert.DoesNotContain("Clauses found: 0", html);
        Assert.Contains($"<mark>{form}</mark>", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ru", new[] { "1 рабочий день", "3 рабочих дня", "15 рабочих дней", "в течение 3 рабочих дней" })]
    [InlineData("en", new[] { "1 working day", "3 working days", "15 working days" })]
    [InlineData("kk", new[] { "1 жұмыс күні", "15 жұмыс күні" })]
    public async Task The_questions_page_writes_numbers_with_the_right_word_forms(string culture, string[] phrases)
    {
        var html = System.Net.WebUtility.HtmlDecode(await _client.GetStringAsync($"/{culture}/policy/faq"));

        Assert.All(phrases, phrase => Assert.Contains(phrase, html));
        Assert.DoesNotContain("(s)", html);
        Assert.DoesNotContain("раб. дн.", html);
        Assert.DoesNotContain("plural", html);
    }

    [Fact]
    public async Task Search_with_no_match_says_so_and_escapes_the_query()
    {
        var html = await _client.GetStringAsync("/en/search?q=%3Cscript%3Ezzzz");

        Assert.Contains("Clauses found: 0", html);
        Assert.DoesNotContain("<script>zzzz", html);
    }

    [Theory]
    [InlineData("/ru/no-such-page", "ru", "Страница не найдена")]
    [InlineData("/kk/policy/versions/99", "kk", "Бет табылмады")]
    [InlineData("/en/policy/versions/99", "en", "Page not found")]
    [InlineData("/de/policy", "kk", "Бет табылмады")]
    public async Task Missing_pages_get_a_localized_404(string url, string culture, string text)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{culture}\">", html);
        Assert.Contains(text, html);
    }

    [Fact]
    public async Task The_version_for_the_visually_impaired_is_a_cookie_set_by_a_plain_form_post_and_drops_decorative_images()
    {
        var client = site.CreateClient();
        var before = await client.GetStringAsync("/ru/policy");
        Assert.Contains("class=\"emblem\"", before);
        Assert.DoesNotContain("accessible.css", before);

        // A plain form with no token: the page that carries it is the same for everyone (and cached).
        Assert.DoesNotContain("__RequestVerificationToken", before);
        var response = await Forms.PostFromSiteAsync(client, "/ru/display-mode", new Dictionary<string, string>
        {
            ["mode"] = "accessible",
            ["returnUrl"] = "/ru/policy/versions",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/ru/policy/versions", response.RequestMessage!.RequestUri!.AbsolutePath);
        var after = await response.Content.ReadAsStringAsync();
        Assert.Contains("accessible.css", after);
        Assert.Contains("<body class=\"accessible\">", after);
        Assert.DoesNotContain("class=\"emblem\"", after);
        Assert.Contains("Обычная версия", after);
    }

    [Fact]
    public async Task The_display_mode_switch_refuses_to_redirect_off_site()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await Forms.PostFromSiteAsync(client, "/en/display-mode", new Dictionary<string, string>
        {
            ["mode"] = "accessible",
            ["returnUrl"] = "https://evil.example/",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("display-mode=accessible", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Health_reports_healthy_when_the_database_answers()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
