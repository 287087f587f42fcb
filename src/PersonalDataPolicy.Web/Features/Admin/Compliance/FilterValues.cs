using System.Globalization;

namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>A filter's set fields as route values for <c>asp-all-route-data</c>; routing encodes them, unset fields are left out.</summary>
public static class FilterValues
{
    /// <summary>The query key of a filter's action (given, withdrawn, viewed…).</summary>
    public const string What = "What";

    public static Dictionary<string, string> Of(params (string Name, string? Value)[] fields) =>
        fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Name, f => f.Value!);

    /// <summary>The form's own date format (<c>input type="date"</c>), which model binding reads back.</summary>
    public static string? Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
