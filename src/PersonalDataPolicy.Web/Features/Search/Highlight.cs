using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace PersonalDataPolicy.Web.Features.Search;

/// <summary>HTML-encodes a paragraph and wraps each word that answers the query in &lt;mark&gt;.</summary>
public static class Highlight
{
    // Kazakh and Russian are written as they are, like the rest of the page, not as &#x...; entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IHtmlContent Matches(string text, SearchQuery query)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (var word in query.Matches(text))
        {
            html.Append(Encoder.Encode(text[at..word.Start]))
                .Append("<mark>").Append(Encoder.Encode(text.Substring(word.Start, word.Length))).Append("</mark>");
            at = word.Start + word.Length;
        }

        return new HtmlString(html.Append(Encoder.Encode(text[at..])).ToString());
    }
}
