using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Feature folders: a controller in namespace ...Features.Appeals finds its views in /Features/Appeals,
/// one in ...Features.Admin.Staff in /Features/Admin/Staff.
/// </summary>
public sealed class FeatureFolders : IViewLocationExpander
{
    private const string FeatureKey = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        var ns = (context.ActionContext.ActionDescriptor as ControllerActionDescriptor)?.ControllerTypeInfo.Namespace ?? string.Empty;
        const string marker = ".Features.";
        var at = ns.IndexOf(marker, StringComparison.Ordinal);
        context.Values[FeatureKey] = at < 0 ? string.Empty : ns[(at + marker.Length)..].Replace('.', '/');
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
    [
        $"/Features/{context.Values[FeatureKey]}/{{0}}.cshtml",
        "/Features/Shared/{0}.cshtml",
    ];
}
