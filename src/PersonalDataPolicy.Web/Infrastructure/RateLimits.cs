using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Per client address: every POST shares a generous budget (RateLimiting:PostsPerMinute), and the forms that
/// create something or send mail (appeal, "my data" link, staff sign-in) have a tight one (RateLimiting:AppealsPerMinute).
/// Past a limit: 429 with Retry-After and the localized error page.
/// </summary>
public static class RateLimits
{
    public const string PolicyName = "forms";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var forms = configuration.GetValue("RateLimiting:AppealsPerMinute", 10);
        var posts = configuration.GetValue("RateLimiting:PostsPerMinute", 60);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => Limit(forms)));
            // The error page shown for a refused post is not another post to count.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
                ? RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => Limit(posts))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
    }

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Limit(int perWindow) => new() { PermitLimit = perWindow, Window = Window };
}
