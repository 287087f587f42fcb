using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin;

/// <summary>
/// Every admin page: staff only, never indexed, and an Administrator or Compliance Officer without an
/// authenticator app is sent to set one up before anything else.
/// </summary>
[Authorize(Policy = StaffAccounts.AnyStaff)]
[ApiExplorerSettings(IgnoreApi = true)]
public abstract class AdminController : Controller
{
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers.CacheControl = "no-store";
        if (User.Identity?.IsAuthenticated == true && !AllowsMissingTwoFactor(context))
        {
            var users = HttpContext.RequestServices.GetRequiredService<UserManager<StaffUser>>();
            var user = await users.GetUserAsync(User);
            if (user is null || !user.IsActive)
            {
                context.Result = Challenge(IdentityConstants.ApplicationScheme);
                return;
            }

            if (user.MustChangePassword)
            {
                context.Result = RedirectToAction("Password", "Account");
                return;
            }

            if (!user.TwoFactorEnabled && StaffRoles.RequireTwoFactor.Any(User.IsInRole))
            {
                context.Result = RedirectToAction("TwoFactor", "Account");
                return;
            }
        }

        await next();
    }

    private static bool AllowsMissingTwoFactor(ActionExecutingContext context) =>
        context.ActionDescriptor.EndpointMetadata.OfType<AllowWithoutSecondFactorAttribute>().Any();
}

/// <summary>The pages a staff member needs to reach before their account is fully set up.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowWithoutSecondFactorAttribute : Attribute;
