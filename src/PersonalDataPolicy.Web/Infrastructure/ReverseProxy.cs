using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// The "ReverseProxy" section: the addresses of the proxies (nginx) whose X-Forwarded-For and X-Forwarded-Proto
/// the site believes. Empty by default: then the headers are ignored and the connection's address is the client's.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Single addresses, e.g. "127.0.0.1" or "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are unwrapped from the right of X-Forwarded-For (1: nginx alone).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    /// <summary>The first entry that does not parse, or null when every entry does.</summary>
    public string? Problem() =>
        KnownProxies.FirstOrDefault(p => !IPAddress.TryParse(p, out _)) is { } proxy ? $"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."
        : KnownNetworks.FirstOrDefault(n => !IPNetwork.TryParse(n, out _)) is { } network ? $"ReverseProxy:KnownNetworks: '{network}' is not a CIDR network."
        : null;
}

public static class ReverseProxy
{
    /// <summary>A year, with subdomains: what browsers' preload lists ask for.</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    /// <summary>
    /// Forwarded headers only from the configured proxies; HSTS for a year; and, outside Development and Testing,
    /// <c>Secure</c> on every cookie and only the host of <c>Mail:PublicBaseUrl</c> accepted (unless AllowedHosts is set).
    /// </summary>
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, EveryEntryAnAddress>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((o, proxy) =>
        {
            // X-Forwarded-Host is not taken: the host is checked against AllowedHosts as the client sent it to the proxy.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = proxy.Value.ForwardLimit;

            // The framework trusts loopback by default; here only what the operator listed is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = HstsMaxAge;
            o.IncludeSubDomains = true;
        });
        services.Configure<CookiePolicyOptions>(o =>
            o.Secure = IsLocal(environment) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        if (!IsLocal(environment) && string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            // The framework fills AllowedHosts from configuration only when nothing set it before (PostConfigure).
            services.AddOptions<HostFilteringOptions>().Configure<IOptions<MailOptions>>((o, mail) =>
                o.AllowedHosts = [new Uri(mail.Value.PublicBaseUrl).Host]);
        }

        return services;
    }

    /// <summary>First in the pipeline: everything after it (rate limits, HSTS, cookies, logs) sees the client, not the proxy.</summary>
    public static IApplicationBuilder UseReverseProxy(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>Names the entry that does not parse, so the operator sees at start which line to fix.</summary>
    private sealed class EveryEntryAnAddress : IValidateOptions<ReverseProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>A developer's machine or the test suite: plain HTTP on localhost, any host name.</summary>
    public static bool IsLocal(IHostEnvironment environment) => environment.IsDevelopment() || environment.IsEnvironment("Testing");
}
