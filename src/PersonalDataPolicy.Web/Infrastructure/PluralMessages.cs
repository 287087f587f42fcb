using System.Globalization;
using System.Text;
using ICU4N.Globalization;
using ICU4N.Text;
using Microsoft.Extensions.Localization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Lets a text choose its words by the number it shows, in ICU's plural syntax:
/// <c>{0, plural, one {# рабочий день} few {# рабочих дня} many {# рабочих дней} other {# рабочего дня}}</c>.
/// Which form a number takes in each language (ru one/few/many/other, en one/other, kk other) comes from ICU's
/// CLDR rules (ICU4N <see cref="PluralRules"/>), not from hand-written endings; this class only picks the branch.
/// </summary>
public static class PluralMessages
{
    private const string Marker = ", plural,";

    public static IServiceCollection AddPluralMessages(this IServiceCollection services)
    {
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        return services.AddSingleton<IStringLocalizerFactory, PluralStringLocalizerFactory>();
    }

    /// <summary>Replaces every plural block by the branch its argument selects, with # as the number.</summary>
    public static string Expand(string text, object?[] arguments, CultureInfo culture)
    {
        if (!text.Contains(Marker, StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var marker = text.IndexOf(Marker, at, StringComparison.Ordinal);
            var open = marker < 0 ? -1 : text.LastIndexOf('{', marker);
            if (open < 0 || !int.TryParse(text.AsSpan(open + 1, marker - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= arguments.Length || arguments[index] is not IConvertible number)
            {
                return result.Append(text, at, text.Length - at).ToString();
            }

            var (branches, end) = ReadBranches(text, marker + Marker.Length);
            var value = number.ToDouble(CultureInfo.InvariantCulture);
            var category = PluralRules.GetInstance(new UCultureInfo(culture.Name)).Select(value);
            var chosen = branches.GetValueOrDefault(category) ?? branches.GetValueOrDefault("other") ?? string.Empty;
            result.Append(text, at, open - at).Append(chosen.Replace("#", number.ToString(culture), StringComparison.Ordinal));
            at = end;
        }
    }

    /// <summary>Reads "keyword {text} keyword {text} }" from position <paramref name="from"/>; returns the branches and the index after the closing brace.</summary>
    private static (Dictionary<string, string> Branches, int End) ReadBranches(string text, int from)
    {
        var branches = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = from;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] == '}')
            {
                return (branches, Math.Min(i + 1, text.Length));
            }

            var keywordStart = i;
            while (i < text.Length && text[i] != '{' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var keyword = text[keywordStart..i];
            i = text.IndexOf('{', i);
            if (i < 0)
            {
                break;
            }

            var depth = 0;
            var bodyStart = i + 1;
            for (; i < text.Length; i++)
            {
                depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }
            }

            branches[keyword] = text[bodyStart..Math.Min(i, text.Length)];
            i++;
        }

        return (branches, text.Length);
    }

    private sealed class PluralStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new PluralStringLocalizer(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) => new PluralStringLocalizer(inner.Create(baseName, location));
    }

    private sealed class PluralStringLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => inner[name];

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var raw = inner[name];
                if (raw.ResourceNotFound || !raw.Value.Contains(Marker, StringComparison.Ordinal))
                {
                    return inner[name, arguments];
                }

                var culture = CultureInfo.CurrentUICulture;
                var text = string.Format(culture, Expand(raw.Value, arguments, culture), arguments);
                return new LocalizedString(name, text, resourceNotFound: false, raw.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
