using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Features.MyData;

/// <summary>
/// A short session opened by a verified link. Visitors have no accounts: proving they read the mailbox is
/// the whole sign-in, and the session ends after 30 minutes however busy it is.
/// </summary>
public static class DataSubjectSession
{
    public const string Scheme = "DataSubject";
    public const string Policy = "DataSubject";
    private const string SubjectClaim = "subject";
    private const string LinkClaim = "link";

    public static IServiceCollection AddDataSubjectSessions(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "my-data-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = false;
            // Server-side revocation: the session lives only while the link that opened it is on record.
            o.Events.OnValidatePrincipal = async context =>
            {
                var principal = context.Principal;
                var alive = principal is not null && SubjectId(principal) is { } subject
                    && Guid.TryParse(principal.FindFirstValue(LinkClaim), out var link)
                    && await context.HttpContext.RequestServices.GetRequiredService<SubjectRights>().SessionIsAliveAsync(subject, link, context.HttpContext.RequestAborted);
                if (!alive)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>()
                    .GetPathByAction("Start", "MyData", new { culture = SitePage.Culture }) ?? "/");
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(SubjectClaim));
        return services;
    }

    public static Task SignInAsync(HttpContext context, Guid subjectId, Guid linkId) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(SubjectClaim, subjectId.ToString("D")), new Claim(LinkClaim, linkId.ToString("D"))], Scheme)));

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    public static Guid? SubjectId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SubjectClaim), out var id) ? id : null;
}
