using Microsoft.AspNetCore.Mvc;

namespace PersonalDataPolicy.Web.Features.Errors;

/// <summary>Localized error pages; the language is that of the page that failed.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed partial class ErrorsController : Controller
{
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    [IgnoreRequestBody]
    public IActionResult Show(int code)
    {
        var status = code is >= 400 and <= 599 ? code : 500;
        if (status == 500 && DatabaseUnavailable(HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error))
        {
            // The database was locked or unreachable: the transaction rolled back, so nothing is half-stored; try again shortly.
            status = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "30";
        }

        Response.StatusCode = status;
        return View("Error", status);
    }
}

public sealed partial class ErrorsController
{
    private static bool DatabaseUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The error page of a refused post must not read that post's body (it may be the reason it was refused).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IgnoreRequestBodyAttribute : Attribute, Microsoft.AspNetCore.Mvc.Filters.IResourceFilter
{
    public void OnResourceExecuting(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutingContext context)
    {
        var factories = context.ValueProviderFactories;
        for (var i = factories.Count - 1; i >= 0; i--)
        {
            if (factories[i] is Microsoft.AspNetCore.Mvc.ModelBinding.FormValueProviderFactory
                or Microsoft.AspNetCore.Mvc.ModelBinding.FormFileValueProviderFactory
                or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory)
            {
                factories.RemoveAt(i);
            }
        }
    }

    public void OnResourceExecuted(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutedContext context)
    {
    }
}
