using Microsoft.Extensions.Options;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// Every API request of one client address shares a budget (Api:RequestsPerMinute); past it, 429 with Retry-After and a
/// problem. Appeals and sign-in codes also take the website's own budgets for the same client (<see cref="ClientBudgets"/>),
/// so the app is no way around them.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) =>
        services.AddSingleton(sp => new ClientBudget(Policy, sp.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute));

    /// <summary>Every endpoint of the group takes one from its client's API budget.</summary>
    public static TBuilder RequireApiBudget<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ClientBudgetAttribute(Policy));

    /// <summary>The answer past any of the API's limits.</summary>
    public static Task RejectAsync(HttpContext context)
    {
        RateLimits.SetRetryAfter(context.Response);
        return ApiProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate-limited", "Api_Problem429");
    }
}
