using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>HTML-encodes a paragraph and wraps each occurrence of the search terms in &lt;mark&gt;.</summary>
public static class Highlight
{
    public static IHtmlContent Terms(string text, IReadOnlyList<string> terms, CultureInfo culture)
    {
        var lower = text.ToLower(culture);
        var marked = new bool[text.Length];
        foreach (var term in terms)
        {
            for (var at = lower.IndexOf(term, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(term, at + term.Length, StringComparison.Ordinal))
            {
                Array.Fill(marked, true, at, term.Length);
            }
        }

        var html = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && marked[j] == marked[i])
            {
                j++;
            }

            var run = HtmlEncoder.Default.Encode(text[i..j]);
            html.Append(marked[i] ? $"<mark>{run}</mark>" : run);
            i = j;
        }

        return new HtmlString(html.ToString());
    }
}
