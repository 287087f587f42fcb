using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>
/// Stops form robots without a third-party captcha: a honeypot field people never see or reach, and a
/// signed time stamp, because nobody fills in a form in under a few seconds (Forms:MinimumFillSeconds).
/// </summary>
public sealed class BotCheck(IDataProtectionProvider protection, TimeProvider clock, IConfiguration configuration)
{
    public const string HoneypotField = "website";
    public const string StartedField = "form-started";

    private readonly IDataProtector _protector = protection.CreateProtector("PersonalDataPolicy.FormStarted.v1");

    public string StartedToken() => _protector.Protect(clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    public bool LooksHuman(IFormCollection form)
    {
        // A browser sends each field of these forms once; a repeated field is tampering.
        if (!string.IsNullOrEmpty(form[HoneypotField]) || form.Any(field => field.Value.Count > 1))
        {
            return false;
        }

        try
        {
            var started = new DateTimeOffset(long.Parse(_protector.Unprotect(form[StartedField].ToString()), CultureInfo.InvariantCulture), TimeSpan.Zero);
            var minimum = TimeSpan.FromSeconds(configuration.GetValue("Forms:MinimumFillSeconds", 3.0));
            var age = clock.GetUtcNow() - started;
            return age >= minimum && age <= TimeSpan.FromHours(12);
        }
        catch (Exception e) when (e is FormatException or OverflowException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>
/// Refuses a post that a robot made, or one sent faster than people fill in forms: the action then sees an invalid
/// model state and shows its own page again — in the layout and language, with what was typed — asking to send it
/// again, with status 400 and nothing stored. The message links to the form's submit button.
/// A post that is not a form at all (fields in the query string, JSON, no body) gets the plain 400 error page.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequireHumanAttribute(string submitButtonId) : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var services = context.HttpContext.RequestServices;
        if (!request.HasFormContentType)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }

        if (!services.GetRequiredService<BotCheck>().LooksHuman(await request.ReadFormAsync()))
        {
            var t = services.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.ModelState.AddModelError(submitButtonId, t["Validation_TooFast"]);
            context.HttpContext.Items[Infrastructure.FormBudgetAttribute.BotRefusedKey] = true;
        }

        await next();
    }
}

/// <summary>
/// Every public form posts its fields in the body and to an address without a query string, so a public POST that
/// carries a query string is refused before model binding can read fields from it (a robot's way round the bot check).
/// The staff area's filters live in query strings of GET pages only, and it has its own guards.
/// </summary>
public sealed class PublicPostsTakeNoQueryFilter : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var staffArea = context.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action
            && action.ControllerTypeInfo.Namespace?.Contains(".Features.Admin", StringComparison.Ordinal) == true;
        var errorPage = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        if (HttpMethods.IsPost(request.Method) && request.QueryString.HasValue && !staffArea && !errorPage)
        {
            // An empty 400: the status-code pages show the localized error page.
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
