using Microsoft.AspNetCore.Mvc;

namespace PersonalDataPolicy.Web.Features.Errors;

/// <summary>Localized error pages; the language is that of the page that failed.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        var status = code is >= 400 and <= 599 ? code : 500;
        Response.StatusCode = status;
        return View("Error", status);
    }
}
