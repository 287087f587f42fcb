using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Limits appeal submissions per client address, so the form cannot be used to flood the fund.</summary>
public static class AppealRateLimiting
{
    public const string PolicyName = "appeals";

    public static IServiceCollection AddAppealRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimiting:AppealsPerMinute", 10);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
    }
}
