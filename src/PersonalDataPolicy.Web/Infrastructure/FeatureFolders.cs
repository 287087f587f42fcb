using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Feature folders: a controller in namespace ...Features.Appeals finds its views in /Features/Appeals.</summary>
public sealed class FeatureFolders : IViewLocationExpander
{
    private const string FeatureKey = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        var ns = (context.ActionContext.ActionDescriptor as ControllerActionDescriptor)?.ControllerTypeInfo.Namespace ?? string.Empty;
        context.Values[FeatureKey] = ns[(ns.LastIndexOf('.') + 1)..];
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
    [
        $"/Features/{context.Values[FeatureKey]}/{{0}}.cshtml",
        "/Features/Shared/{0}.cshtml",
    ];
}
