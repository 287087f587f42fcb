using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Per client address (the visitor's, from X-Forwarded-For of a known proxy, see <see cref="ReverseProxy"/>): every POST
/// shares a generous budget (RateLimiting:PostsPerMinute), and each form that creates something, sends mail or checks a
/// password has a tight budget of its own — appeals, "my data" links, staff sign-in — so a flood of junk appeals never
/// locks staff out of signing in from the same address. Past a limit: 429 with Retry-After and the localized error page.
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
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            AddFormPolicy(o, Appeal, configuration.GetValue("RateLimiting:AppealsPerMinute", 10));
            AddFormPolicy(o, MyDataLink, configuration.GetValue("RateLimiting:MyDataLinksPerMinute", 10));
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

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Limit(int perWindow) => new() { PermitLimit = perWindow, Window = Window };
}
