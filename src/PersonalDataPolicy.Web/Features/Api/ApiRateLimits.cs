using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// Every API request of one client address shares a budget (Api:RequestsPerMinute); past it, 429 with Retry-After and a
/// problem. Appeals and sign-in codes also take the website's own budgets for the same client (<see cref="FormBudgets"/>),
/// so the app is no way around them.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) =>
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, ApiPolicy>(Policy));

    public static int RetryAfterSeconds => (int)Window.TotalSeconds;

    /// <summary>The answer past any of the API's limits.</summary>
    public static Task RejectAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate-limited", "Api_Problem429");
    }

    private sealed class ApiPolicy(IOptions<ApiOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
            async (context, _) => await RejectAsync(context.HttpContext);

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RequestsPerMinute, Window = Window });
    }
}
