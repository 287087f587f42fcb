using System.Text.RegularExpressions;
using System.Xml.Linq;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public sealed partial class ResourceTests
{
    private static Dictionary<string, string> Load(string suffix) =>
        XDocument.Load(Repository.PathOf("src", "PersonalDataPolicy.Web", "Resources", $"SharedResource{suffix}.resx"))
            .Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? string.Empty);

    [Theory]
    [InlineData(".kk")]
    [InlineData(".ru")]
    public void Every_text_of_the_site_exists_in_kazakh_and_russian_with_the_same_placeholders(string suffix)
    {
        var english = Load(string.Empty);
        var translated = Load(suffix);

        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        foreach (var (key, value) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"{key} is empty in {suffix}");
            Assert.Equal(Placeholders(english[key]), Placeholders(value));
        }
    }

    [Fact]
    public void Every_key_the_views_and_code_use_exists()
    {
        var keys = Load(string.Empty).Keys.ToHashSet();
        var source = Directory.EnumerateFiles(Repository.PathOf("src", "PersonalDataPolicy.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var used = source.SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, k => !keys.Contains(k));
    }

    /// <summary>The arguments a text uses, whether as {0} or as the number of a plural block {0, plural, ...}.</summary>
    private static string Placeholders(string text) => string.Join(',', Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order());

    [GeneratedRegex(@"\{(\d+)(?=\}|, plural,)")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b[Tt]\[""([A-Za-z]+_[A-Za-z_]+)""")]
    private static partial Regex KeyUse();
}
