using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using PersonalDataPolicy.Web.Features.Analytics;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>The "PublicPages" section: how long a cached public page may lag behind a publish made on another instance.</summary>
public sealed class PublicPageCacheOptions
{
    public const string SectionName = "PublicPages";

    /// <summary>
    /// This instance evicts its pages the moment it publishes; another instance's pages are at most this old. Browsers and
    /// the proxy keep a page for the same time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Issue 13: the anonymous public pages are rendered once and served from memory (ASP.NET Core output caching), so a
/// visitor's GET touches neither the database nor the views. A page varies by what its bytes depend on: the path (the
/// language is in it), the day on the fund's clock (a policy takes effect at midnight in Astana), the display mode, the
/// statistics question (asked, accepted, refused) and the Global Privacy Control signal. A response that sets a cookie,
/// carries a per-visitor token (antiforgery marks such a response no-store) or is not a 200 is never kept; nor is a
/// request with a query string (nothing cached pages use; it would let anyone fill the cache) or from a signed-in user.
/// </summary>
public static class PublicPageCache
{
    public const string PolicyName = "public-page";

    /// <summary>Every cached page shows something of the published policy versions; a publish evicts them all.</summary>
    public const string PublishedPoliciesTag = "published-policies";

    /// <summary>Readiness (/health) answered from memory for a moment: a probe storm costs one database check a second.</summary>
    public const string HealthPolicyName = "health";

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOptions<PublicPageCacheOptions>().BindConfiguration(PublicPageCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<TimeProvider, IOptions<PublicPageCacheOptions>>((o, clock, pages) =>
        {
            o.AddPolicy(PolicyName, new PublicPagePolicy(clock, pages.Value.CacheLifetime));
            // Only a healthy answer is kept (the default policy keeps 200s only): a failure shows at once.
            o.AddPolicy(HealthPolicyName, b => b.Expire(TimeSpan.FromSeconds(1)));
        });
        return services;
    }

    /// <summary>What the layout shows differently by request: display mode, statistics question and the privacy signal.</summary>
    public static (string Display, string Statistics, string Gpc) VariantOf(HttpContext http) =>
    (
        SitePage.IsAccessibleMode(http) ? "accessible" : "standard",
        AnalyticsController.Consented(http.Request) ? "granted" : AnalyticsController.HasChosen(http.Request) ? "refused" : "ask",
        GlobalPrivacyControl.Signalled(http.Request) ? "1" : "0"
    );

    private sealed class PublicPagePolicy(TimeProvider clock, TimeSpan lifetime) : IOutputCachePolicy
    {
        private readonly string _cacheControl = $"public, max-age={(int)lifetime.TotalSeconds}";

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var request = http.Request;
            var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.QueryString.HasValue
                && StringValues.IsNullOrEmpty(request.Headers.Authorization)
                && http.User.Identity?.IsAuthenticated != true;
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            if (cacheable)
            {
                http.Response.OnStarting(() => MarkPublic(http.Response));
            }

            context.ResponseExpirationTimeSpan = lifetime;
            context.Tags.Add(PublishedPoliciesTag);
            var vary = context.CacheVaryByRules.VaryByValues;
            vary["day"] = SiteDates.Today(clock).DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (display, statistics, gpc) = VariantOf(http);
            vary["display"] = display;
            vary["statistics"] = statistics;
            vary["gpc"] = gpc;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (!Keepable(context.HttpContext.Response))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Nothing personal: a 200 that sets no cookie and that nothing (antiforgery, a personal page) marked no-store.</summary>
        private static bool Keepable(HttpResponse response)
        {
            var cacheControl = response.Headers.CacheControl.ToString();
            return response.StatusCode == StatusCodes.Status200OK
                && StringValues.IsNullOrEmpty(response.Headers.SetCookie)
                && !cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
                && !cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The same page for everyone with the same cookies and signal: browsers and the proxy may keep it as long as this
        /// instance does. Set as the response starts (the cache stores these headers with the page and replays them).
        /// </summary>
        private Task MarkPublic(HttpResponse response)
        {
            if (Keepable(response))
            {
                response.Headers.CacheControl = _cacheControl;
                response.Headers.Vary = new StringValues([HeaderNames.Cookie, "Sec-GPC"]);
            }

            return Task.CompletedTask;
        }
    }
}
