using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// RFC 9110 §9.3.2: a server answers HEAD wherever it answers GET (link checkers and monitors use it).
/// Every [HttpGet] action also takes HEAD; the server sends the headers and drops the body.
/// </summary>
public sealed class HeadForGet : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        foreach (var selector in action.Selectors)
        {
            var methods = selector.EndpointMetadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            if (methods is null || !methods.Contains(HttpMethods.Get) || methods.Contains(HttpMethods.Head))
            {
                continue;
            }

            string[] withHead = [.. methods, HttpMethods.Head];
            for (var i = 0; i < selector.ActionConstraints.Count; i++)
            {
                if (selector.ActionConstraints[i] is HttpMethodActionConstraint)
                {
                    selector.ActionConstraints[i] = new HttpMethodActionConstraint(withHead);
                }
            }

            for (var i = 0; i < selector.EndpointMetadata.Count; i++)
            {
                if (selector.EndpointMetadata[i] is HttpMethodMetadata metadata)
                {
                    selector.EndpointMetadata[i] = new HttpMethodMetadata(withHead, metadata.AcceptCorsPreflight);
                }
            }
        }
    }
}
