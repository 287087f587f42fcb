using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Per client address (the visitor's, from X-Forwarded-For of a known proxy, see <see cref="ReverseProxy"/>): every POST
/// shares a generous budget (RateLimiting:PostsPerMinute), and each form that creates something, sends mail or checks a
/// password has a tight budget of its own — appeals, "my data" links, staff sign-in — so a flood of junk appeals never
/// locks staff out of signing in from the same address. Past a limit: 429 with Retry-After and the localized error page.
/// The appeal and "my data" forms count only what a person cannot fix by themselves (see <see cref="FormBudgetAttribute"/>);
/// every sign-in attempt counts, since guessing passwords is what its limit is for.
/// </summary>
public static class RateLimits
{
    /// <summary>The appeal form (RateLimiting:AppealsPerMinute).</summary>
    public const string Appeal = "appeal";

    /// <summary>The "my data" link request, which mails the address typed in (RateLimiting:MyDataLinksPerMinute).</summary>
    public const string MyDataLink = "my-data-link";

    /// <summary>Staff sign-in, its second-factor code and recovery code (RateLimiting:SignInsPerMinute).</summary>
    public const string StaffSignIn = "staff-sign-in";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var posts = configuration.GetValue("RateLimiting:PostsPerMinute", 60);
        var (appeals, links) = (configuration.GetValue("RateLimiting:AppealsPerMinute", 10), configuration.GetValue("RateLimiting:MyDataLinksPerMinute", 10));
        // Built by a factory, not handed over built: the container disposes only what it creates, and each limiter runs a
        // timer until it is disposed.
        services.AddSingleton(_ => new FormBudgets(new Dictionary<string, PartitionedRateLimiter<HttpContext>>
        {
            [Appeal] = PerClient(appeals),
            [MyDataLink] = PerClient(links),
        }));
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            AddFormPolicy(o, StaffSignIn, configuration.GetValue("RateLimiting:SignInsPerMinute", 10));

            // The error page shown for a refused post is not another post to count.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
                ? RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => Limit(posts))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
    }

    /// <summary>Each policy keeps its own buckets, one per client address.</summary>
    private static void AddFormPolicy(RateLimiterOptions options, string policy, int perWindow) =>
        options.AddPolicy(policy, context => RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => Limit(perWindow)));

    private static PartitionedRateLimiter<HttpContext> PerClient(int perWindow) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => Limit(perWindow)));

    internal static void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Limit(int perWindow) => new() { PermitLimit = perWindow, Window = Window };
}

/// <summary>The per-client budgets of the forms that count only what a person cannot fix (appeal, "my data" link).</summary>
public sealed class FormBudgets(IReadOnlyDictionary<string, PartitionedRateLimiter<HttpContext>> limiters) : IDisposable
{
    public bool HasRoom(string policy, HttpContext context) => limiters[policy].GetStatistics(context) is not { CurrentAvailablePermits: <= 0 };

    public void Take(string policy, HttpContext context) => limiters[policy].AttemptAcquire(context).Dispose();

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
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
        var budgets = http.RequestServices.GetRequiredService<FormBudgets>();
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
