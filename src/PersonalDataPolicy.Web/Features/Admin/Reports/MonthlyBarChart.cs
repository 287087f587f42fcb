using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace PersonalDataPolicy.Web.Features.Admin.Reports;

/// <summary>One set of bars: a label and one value per category, in the categories' order.</summary>
public sealed record BarSeries(string Label, string Colour, IReadOnlyList<int> Values);

/// <summary>
/// Grouped bars drawn on the server as SVG, the way the dashboard's line chart is: no script, no CDN. A screen
/// reader hears its title and description; the page puts the same figures in a table beside it.
/// </summary>
public static class MonthlyBarChart
{
    private const int Width = 720, Height = 220, Left = 40, Right = 8, Bottom = 28, Top = 10;

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var slot = (Width - Left - Right) / (double)Math.Max(1, categories.Count);
        var bar = slot * 0.8 / Math.Max(1, series.Count);
        double Y(int value) => Top + (Height - Top - Bottom) * (1 - value / (double)max);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        static string E(string text) => WebUtility.HtmlEncode(text);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(0))}\" x2=\"{Width - Right}\" y2=\"{F(Y(0))}\" stroke=\"#6b7780\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(max) + 4)}\" text-anchor=\"end\" font-size=\"11\">{max}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(0) + 4)}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        for (var c = 0; c < categories.Count; c++)
        {
            var x0 = Left + c * slot + slot * 0.1;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (c + 0.5) * slot)}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"10\">{E(categories[c])}</text>");
            for (var s = 0; s < series.Count; s++)
            {
                var value = c < series[s].Values.Count ? series[s].Values[c] : 0;
                var y = Y(value);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{F(x0 + s * bar)}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, bar - 1))}\" height=\"{F(Y(0) - y)}\" fill=\"{series[s].Colour}\"><title>{E(series[s].Label)}, {E(categories[c])}: {value}</title></rect>");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
