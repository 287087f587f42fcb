using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>Settings of the mobile app's API (section "Api").</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>How long a mailed sign-in code can be typed in.</summary>
    [Range(typeof(TimeSpan), "00:02:00", "00:30:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the bearer token the code buys stays valid; as short as the website's "my data" session.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "01:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a POST's Idempotency-Key and its stored response are kept (the response may name the person).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "2.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Every API request of one client address in a minute (RateLimiting:ApiRequestsPerMinute overrides).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 120;
}

/// <summary>
/// Issue 16: the JSON API of the Qoldau 24/7 mobile app under /api/v1, described at /openapi/v1.json. It calls the same
/// handlers and validators as the website; it knows no cookie (only its own bearer token), so it needs no antiforgery, and
/// it sends no CORS headers: the app is not a browser page of another origin.
/// </summary>
public static class ApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddMobileAppApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName)
            .Configure(o => o.RequestsPerMinute = configuration.GetValue("RateLimiting:ApiRequestsPerMinute", o.RequestsPerMinute))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Localize);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are numbers: the web default also reads "7" as 7, which the document then describes as integer-or-string,
            // and a generated client cannot read that back (the contract test found it).
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddApiRateLimits();

        services.AddSingleton<AppSessionTokens>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AppSessionAuthentication>(AppSession.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(AppSession.Policy, p => p.AddAuthenticationSchemes(AppSession.Scheme).RequireClaim(AppSession.SubjectClaim));

        services.AddSingleton<PendingAccessCodes>();
        services.AddHostedService<AccessCodeSender>();
        services.AddScoped<SendAccessCodeHandler>();
        services.AddScoped<VerifyAccessCodeHandler>();
        services.AddSingleton<IdempotencyStore>();

        services.AddOpenApi(DocumentName, o =>
        {
            // 3.0 rather than 3.1: what the client generators in use (NSwag, Kiota, openapi-generator) all read.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Errors under /api are problem+json, not the site's error pages: set before the site's handlers see the response,
    /// these write the problem and the site's handlers leave a response that has a body alone.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });

    public static IEndpointRouteBuilder MapMobileAppApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").ExcludeFromDescription();
        var api = endpoints.MapGroup("/api/v1").RequireApiBudget();
        api.MapPolicyApi();
        api.MapAppealsApi();
        api.MapAccessApi();
        api.MapMyDataApi();
        api.MapCshiApi();
        return endpoints;
    }

    /// <summary>Every POST carries the app's version and an Idempotency-Key, checked in that order before anything runs.</summary>
    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter<AppVersionFilter>()
        .AddEndpointFilter<IdempotencyFilter>()
        .WithMetadata(new WritesMetadata());
}

/// <summary>Marks the operations that take X-App-Version and Idempotency-Key (for the OpenAPI document).</summary>
public sealed class WritesMetadata;
