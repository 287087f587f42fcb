using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Dashboard;

/// <summary>One line per series, one point per day.</summary>
public sealed record ChartSeries(string Label, string Colour, IReadOnlyList<int> Values);

/// <summary>
/// A small line chart drawn on the server as SVG: no script, no CDN, readable by screen readers through its
/// title and the table that follows it on the page.
/// </summary>
public static class DailyChart
{
    private const int Width = 720, Height = 200, Left = 36, Bottom = 24, Top = 8;

    public static IHtmlContent Render(string title, DateOnly firstDay, IReadOnlyList<ChartSeries> series)
    {
        var days = series.Max(s => s.Values.Count);
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        double X(int day) => Left + (days <= 1 ? 0 : day * (Width - Left - 8.0) / (days - 1));
        double Y(int value) => Top + (Height - Top - Bottom) * (1 - value / (double)max);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" aria-labelledby=\"chart-{title.GetHashCode(StringComparison.Ordinal):x}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"chart-{title.GetHashCode(StringComparison.Ordinal):x}\">{System.Net.WebUtility.HtmlEncode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(0))}\" x2=\"{Width - 8}\" y2=\"{F(Y(0))}\" stroke=\"#6b7780\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(max) + 4)}\" text-anchor=\"end\" font-size=\"11\">{max}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(0) + 4)}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\" font-size=\"11\">{firstDay:yyyy-MM-dd}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 8}\" y=\"{Height - 6}\" text-anchor=\"end\" font-size=\"11\">{firstDay.AddDays(days - 1):yyyy-MM-dd}</text>");
        foreach (var line in series)
        {
            var points = string.Join(' ', line.Values.Select((v, day) => $"{F(X(day))},{F(Y(v))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2\" points=\"{points}\"><title>{System.Net.WebUtility.HtmlEncode(line.Label)}</title></polyline>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>Counts per day for the last <paramref name="days"/> days, zero-filled, oldest first.</summary>
    public static int[] PerDay(IEnumerable<DateTimeOffset> moments, DateOnly firstDay, int days)
    {
        var counts = new int[days];
        foreach (var moment in moments)
        {
            var index = SiteDates.DayOf(moment).DayNumber - firstDay.DayNumber;
            if (index >= 0 && index < days)
            {
                counts[index]++;
            }
        }

        return counts;
    }
}
