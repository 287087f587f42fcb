using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// The app names its version in X-App-Version on every write; the ledger keeps it beside the channel, so a consent given in
/// a faulty release can be found. Digits and dots, with an optional pre-release tag: never free text in the ledger.
/// </summary>
public sealed partial class AppVersionFilter(IStringLocalizer<SharedResource> t) : IEndpointFilter
{
    public const string Header = "X-App-Version";
    private const string ItemKey = "api:app-version";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var version = context.HttpContext.Request.Headers[Header].ToString();
        if (!IsValid(version))
        {
            return ApiProblems.Validation(t, new Dictionary<string, string[]> { [Header] = [t["Api_AppVersionRequired"]] });
        }

        context.HttpContext.Items[ItemKey] = version;
        return await next(context);
    }

    public static bool IsValid(string? version) => version is { Length: > 0 and <= 32 } && VersionPattern().IsMatch(version);

    /// <summary>The version the filter accepted for this request.</summary>
    public static string Of(HttpContext context) => (string)context.Items[ItemKey]!;

    [GeneratedRegex(@"^[0-9]{1,5}(\.[0-9]{1,5}){0,3}(-[0-9A-Za-z]{1,12}(\.[0-9A-Za-z]{1,12})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
