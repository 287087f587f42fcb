using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>Law 94-V art. 8 p. 4: what the sentence beside each checkbox names, in each language, and that the form shows exactly it.</summary>
public sealed class ConsentWordingTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    public static TheoryData<string, string, string, string> Languages => new()
    {
        { "kk", "«Әлеуметтік медициналық сақтандыру қоры» коммерциялық емес акционерлік қоғамы", "БСН 000000000000", "тегі, аты, әкесінің аты" },
        { "ru", "Некоммерческое акционерное общество «Фонд социального медицинского страхования»", "БИН 000000000000", "фамилия, имя, отчество" },
        { "en", "Non-profit Joint Stock Company \"Social Health Insurance Fund\"", "BIN 000000000000", "last name, first name, patronymic" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Each_consent_names_the_operator_with_its_bin_and_the_list_of_data_and_the_form_shows_it_word_for_word(string language, string operatorName, string bin, string data)
    {
        await using var scope = site.Scope();
        var wording = scope.ServiceProvider.GetRequiredService<ConsentWording>();
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyCatalog>().CurrentAsync(CancellationToken.None);
        var processing = wording.Processing(language, policy);
        var marketing = wording.Marketing(language);

        Assert.All(new[] { processing, marketing }, text => Assert.Contains(operatorName, text, StringComparison.Ordinal));
        Assert.All(new[] { processing, marketing }, text => Assert.Contains(bin, text, StringComparison.Ordinal));
        Assert.Contains(data, processing, StringComparison.Ordinal);
        Assert.DoesNotContain("..", processing, StringComparison.Ordinal);
        Assert.Equal(processing, string.Join(' ', ConsentWording.Sentences(processing)));
        Assert.True(ConsentWording.Sentences(processing).Count >= 4);

        var page = WebUtility.HtmlDecode(await site.CreateClient().GetStringAsync($"/{language}/appeal"));
        Assert.All(ConsentWording.Sentences(processing).Concat(ConsentWording.Sentences(marketing)),
            sentence => Assert.Contains($"<span class=\"consent-sentence\">{sentence}</span>", page, StringComparison.Ordinal));
    }
}
