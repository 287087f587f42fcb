using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// The API's reference for the app's developers, read from the same endpoint descriptions as /openapi/v1.json: a plain page
/// of the site (no script, nothing from a CDN), so it works where the app is built without internet access.
/// </summary>
[Route("{culture:culture}/api")]
public sealed class ApiReferenceController(IApiDescriptionGroupCollectionProvider descriptions) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("Reference", descriptions.ApiDescriptionGroups.Items
        .SelectMany(g => g.Items)
        .Where(d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
        .OrderBy(d => d.RelativePath, StringComparer.Ordinal).ThenBy(d => d.HttpMethod, StringComparer.Ordinal)
        .Select(ApiOperationView.From)
        .ToList());
}

public sealed record ApiOperationView(
    string Method,
    string Path,
    string? Summary,
    string? Description,
    bool NeedsSession,
    bool Writes,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<(int Status, string? Type)> Responses)
{
    public string Anchor => $"{Method}-{Path}".ToLowerInvariant().Replace('/', '-').Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal);

    public static ApiOperationView From(ApiDescription d)
    {
        var metadata = d.ActionDescriptor.EndpointMetadata;
        return new ApiOperationView(
            d.HttpMethod ?? "GET",
            "/" + d.RelativePath,
            metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault()?.Summary,
            metadata.OfType<IEndpointDescriptionMetadata>().LastOrDefault()?.Description,
            metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AppSession.Policy),
            metadata.OfType<WritesMetadata>().Any(),
            d.ParameterDescriptions
                .Where(p => p.Source.IsFromRequest && p.Source != BindingSource.Services)
                .Select(p => $"{p.Name} ({p.Source.DisplayName.ToLowerInvariant()}{(p.Type is { } type ? ": " + TypeName(type) : string.Empty)})")
                .ToList(),
            d.SupportedResponseTypes.OrderBy(r => r.StatusCode).Select(r => (r.StatusCode, r.Type is { } type && type != typeof(void) ? TypeName(type) : null)).ToList());
    }

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? TypeName(inner)
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
