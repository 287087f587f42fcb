using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Per client address (the visitor's, from X-Forwarded-For of a known proxy, see <see cref="ReverseProxy"/>): every POST
/// shares a generous budget (RateLimiting:PostsPerMinute), and each form that creates something, sends mail or checks a
/// password has a tight budget of its own — appeals, "my data" links, staff sign-in — so a flood of junk appeals never
/// locks staff out of signing in from the same address. Past a limit: 429 with Retry-After and the localized error page.
/// The appeal and "my data" forms count only what a person cannot fix by themselves (see <see cref="FormBudgetAttribute"/>);
/// every sign-in attempt counts, since guessing passwords is what its limit is for (<see cref="ClientBudgetAttribute"/>).
/// </summary>
public static class RateLimits
{
    /// <summary>Every POST (RateLimiting:PostsPerMinute).</summary>
    public const string Posts = "posts";

    /// <summary>The appeal form (RateLimiting:AppealsPerMinute).</summary>
    public const string Appeal = "appeal";

    /// <summary>The "my data" link request, which mails the address typed in (RateLimiting:MyDataLinksPerMinute).</summary>
    public const string MyDataLink = "my-data-link";

    /// <summary>Staff sign-in, its second-factor code and recovery code (RateLimiting:SignInsPerMinute).</summary>
    public const string StaffSignIn = "staff-sign-in";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ClientBudget(Posts, configuration.GetValue("RateLimiting:PostsPerMinute", 60)));
        services.AddSingleton(new ClientBudget(Appeal, configuration.GetValue("RateLimiting:AppealsPerMinute", 10)));
        services.AddSingleton(new ClientBudget(MyDataLink, configuration.GetValue("RateLimiting:MyDataLinksPerMinute", 10)));
        services.AddSingleton(new ClientBudget(StaffSignIn, configuration.GetValue("RateLimiting:SignInsPerMinute", 10)));

        // Created by the container, so that it disposes the limiters (and their timers) when the site stops. ASP.NET Core's
        // rate-limiting middleware never disposes the limiters it builds, and their timers kept every stopped site alive.
        return services.AddSingleton<ClientBudgets>();
    }

    /// <summary>Counts every POST and every request to an endpoint marked with <see cref="ClientBudgetAttribute"/>.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<ClientBudgetMiddleware>();

    internal static void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    internal static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>One named budget: so many requests per client address per <see cref="RateLimits.Window"/>.</summary>
public sealed record ClientBudget(string Name, int PerWindow);

/// <summary>The per-client budgets of the site, one fixed-window limiter per client address in each.</summary>
public sealed class ClientBudgets : IDisposable
{
    private readonly Dictionary<string, PartitionedRateLimiter<HttpContext>> limiters;

    public ClientBudgets(IEnumerable<ClientBudget> budgets) =>
        limiters = budgets.ToDictionary(b => b.Name, b => PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(RateLimits.Client(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = b.PerWindow, Window = RateLimits.Window })));

    public bool HasRoom(string budget, HttpContext context) => limiters[budget].GetStatistics(context) is not { CurrentAvailablePermits: <= 0 };

    public void Take(string budget, HttpContext context) => limiters[budget].AttemptAcquire(context).Dispose();

    /// <summary>Takes one request from the budget if it has room.</summary>
    public bool TryTake(string budget, HttpContext context)
    {
        using var lease = limiters[budget].AttemptAcquire(context);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>Every request to the endpoint takes one from the named budget of its client, before anything else runs.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class ClientBudgetAttribute(string budget) : Attribute
{
    public string Budget { get; } = budget;
}

/// <summary>
/// Past a budget: 429 with Retry-After, and the error page (re-executed, and not counted again) or, under /api, a problem.
/// </summary>
internal sealed class ClientBudgetMiddleware(RequestDelegate next, ClientBudgets budgets)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        var post = HttpMethods.IsPost(context.Request.Method) ? RateLimits.Posts : null;
        var marked = context.GetEndpoint()?.Metadata.GetMetadata<ClientBudgetAttribute>()?.Budget;
        if (!reExecuted && !(Takes(context, post) && Takes(context, marked)))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Features.Api.ApiRateLimits.RejectAsync(context);
                return;
            }

            RateLimits.SetRetryAfter(context.Response);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }

        await next(context);
    }

    private bool Takes(HttpContext context, string? budget) => budget is null || budgets.TryTake(budget, context);
}

/// <summary>
/// Issue 12: a form's budget counts the posts a person cannot fix by themselves — those that went through, and those the
/// bot check refused — but not the ones sent back with errors to correct, so correcting mistakes never meets "too many
/// requests". Over budget, the form comes back as it was typed, with a message at its button and 429: nothing is lost.
/// A flood of posts that never reach the form (no antiforgery token, not a form) meets the per-client POST budget.
/// Checking and taking are two steps, so simultaneous posts can overshoot by as many as arrive at once; the per-client
/// POST budget still bounds them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FormBudgetAttribute(string policy, string submitButtonId) : Attribute, IAsyncActionFilter, IOrderedFilter
{
    public const string BotRefusedKey = "form-budget:bot-refused";

    /// <summary>After the bot check, so that its refusals are known.</summary>
    public int Order => 10;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        var budgets = http.RequestServices.GetRequiredService<ClientBudgets>();
        var overBudget = !budgets.HasRoom(policy, http);
        if (overBudget)
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.ModelState.AddModelError(submitButtonId, t["Validation_TooManyPosts"]);
        }

        var executed = await next();
        if (overBudget)
        {
            RateLimits.SetRetryAfter(http.Response);
            if (executed.Result is ViewResult view)
            {
                view.StatusCode = StatusCodes.Status429TooManyRequests;
            }

            return;
        }

        if (context.ModelState.IsValid || http.Items.ContainsKey(BotRefusedKey))
        {
            budgets.Take(policy, http);
        }
    }
}
