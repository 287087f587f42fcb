using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>What is each visitor's own on a public form: the antiforgery token and the signed fill-time stamp.</summary>
public sealed record FormStamps(string AntiforgeryToken, string Started);

/// <summary>
/// Marks the GET action of a public form whose empty page <see cref="EmptyFormPages"/> keeps. Once the action has rendered
/// and kept it, the page is answered just before the endpoint, without the MVC action invocation (controller, filters,
/// model binding, result); the action still renders whatever is not kept.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KeepsEmptyFormAttribute : Attribute;

/// <summary>
/// Issue 13: an empty public form is rendered once per variant of its page and kept as UTF-8 bytes with two slots; each
/// response writes the visitor's own antiforgery token (its cookie and no-store headers set as usual) and fill-time stamp
/// into them. The site works without JavaScript, so both travel in the HTML. Only the empty form of a GET at the address
/// the site links to is kept: a form shown again with what someone typed, or with errors, is rendered for that request
/// alone. Every page shows the current policy version, so a new one forgets every kept page.
/// </summary>
public sealed class EmptyFormPages(IAntiforgery antiforgery, BotCheck bot, HtmlEncoder encoder)
{
    /// <summary>Stand in for the per-visitor values while a page is rendered; random per process, so no text can contain them.</summary>
    public static FormStamps Slots { get; } = new("antiforgery-" + Guid.NewGuid().ToString("N"), "started-" + Guid.NewGuid().ToString("N"));

    private Generation _generation = new(0);

    /// <summary>Fresh values for this visitor (a new antiforgery cookie when they have none).</summary>
    public FormStamps StampsFor(HttpContext http) => new(antiforgery.GetAndStoreTokens(http).RequestToken!, bot.StartedToken());

    /// <summary>
    /// Serves the form at the address the site links to (the caller checks that), rendering and keeping it first if this
    /// variant of the page under <paramref name="policy"/> is not kept yet.
    /// </summary>
    public IActionResult Page(PolicyVersion policy, Func<ActionContext, FormStamps, Task<string>> render) =>
        new EmptyFormResult(this, policy.Number, render);

    /// <summary>
    /// Answers a request for a kept page before MVC; false (nothing written) when the endpoint is not a kept form's, the
    /// request has a query string, or this variant under the current policy version is not kept (yet).
    /// </summary>
    public async Task<bool> TryServeKeptAsync(HttpContext http)
    {
        var current = Volatile.Read(ref _generation);
        if (current.Pages.IsEmpty
            || http.Request.QueryString.HasValue
            || http.GetEndpoint()?.Metadata.GetMetadata<KeepsEmptyFormAttribute>() is null)
        {
            return false;
        }

        var policy = await http.RequestServices.GetRequiredService<PolicyCatalog>().CurrentAsync(http.RequestAborted);
        if (policy.Number != current.PolicyVersion || !current.Pages.TryGetValue(VariantOf(http), out var template))
        {
            return false;
        }

        await WriteAsync(http, template);
        return true;
    }

    /// <summary>Renders a view of the current action, with its layout, to a string.</summary>
    public static async Task<string> RenderAsync(ActionContext context, string viewName, object model)
    {
        var services = context.HttpContext.RequestServices;
        var view = services.GetRequiredService<ICompositeViewEngine>().FindView(context, viewName, isMainPage: true).EnsureSuccessful(originalLocations: null).View!;
        var viewData = new ViewDataDictionary(services.GetRequiredService<IModelMetadataProvider>(), context.ModelState) { Model = model };
        var tempData = services.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
        await using var writer = new StringWriter();
        await view.RenderAsync(new ViewContext(context, view, viewData, tempData, writer, services.GetRequiredService<IOptions<MvcViewOptions>>().Value.HtmlHelperOptions));
        return writer.ToString();
    }

    /// <summary>
    /// Everything the page's bytes depend on besides the policy version: the address (the language is in it) and what the
    /// layout varies by (the form's note on the Global Privacy Control signal goes with the layout's).
    /// </summary>
    private static string VariantOf(HttpContext http)
    {
        var (display, statistics, gpc) = PublicPageCache.VariantOf(http);
        return $"{http.Request.PathBase}{http.Request.Path}|{SitePage.Culture}|{display}|{statistics}|{gpc}";
    }

    private async Task ServeAsync(ActionContext context, int policyVersion, Func<ActionContext, FormStamps, Task<string>> render)
    {
        var current = Volatile.Read(ref _generation);
        if (current.PolicyVersion != policyVersion)
        {
            current = new Generation(policyVersion);
            Volatile.Write(ref _generation, current);
        }

        var variant = VariantOf(context.HttpContext);
        if (!current.Pages.TryGetValue(variant, out var template))
        {
            template = Template.Parse(await render(context, Slots));
            current.Pages.TryAdd(variant, template);
        }

        await WriteAsync(context.HttpContext, template);
    }

    private Task WriteAsync(HttpContext http, Template template)
    {
        var stamps = StampsFor(http);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        return template.WriteAsync(http.Response, encoder.Encode(stamps.AntiforgeryToken), encoder.Encode(stamps.Started), http.RequestAborted);
    }

    private sealed record Generation(int PolicyVersion)
    {
        public ConcurrentDictionary<string, Template> Pages { get; } = new(StringComparer.Ordinal);
    }

    private sealed class EmptyFormResult(EmptyFormPages pages, int policyVersion, Func<ActionContext, FormStamps, Task<string>> render) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => pages.ServeAsync(context, policyVersion, render);
    }

    /// <summary>The page cut at the two slots, in the order they appear.</summary>
    private sealed class Template
    {
        private readonly byte[] _head;
        private readonly byte[] _middle;
        private readonly byte[] _tail;
        private readonly bool _antiforgeryFirst;

        private Template(byte[] head, byte[] middle, byte[] tail, bool antiforgeryFirst)
        {
            _head = head;
            _middle = middle;
            _tail = tail;
            _antiforgeryFirst = antiforgeryFirst;
        }

        public static Template Parse(string html)
        {
            var antiforgery = SingleIndexOf(html, Slots.AntiforgeryToken);
            var started = SingleIndexOf(html, Slots.Started);
            var (first, firstLength, second, secondLength) = antiforgery < started
                ? (antiforgery, Slots.AntiforgeryToken.Length, started, Slots.Started.Length)
                : (started, Slots.Started.Length, antiforgery, Slots.AntiforgeryToken.Length);
            return new Template(
                Encoding.UTF8.GetBytes(html[..first]),
                Encoding.UTF8.GetBytes(html[(first + firstLength)..second]),
                Encoding.UTF8.GetBytes(html[(second + secondLength)..]),
                antiforgery < started);
        }

        public async Task WriteAsync(HttpResponse response, string antiforgery, string started, CancellationToken cancellationToken)
        {
            var (first, second) = _antiforgeryFirst ? (antiforgery, started) : (started, antiforgery);
            response.ContentLength = _head.Length + Encoding.UTF8.GetByteCount(first) + _middle.Length + Encoding.UTF8.GetByteCount(second) + _tail.Length;
            var body = response.BodyWriter;
            body.Write(_head);
            Encoding.UTF8.GetBytes(first, body);
            body.Write(_middle);
            Encoding.UTF8.GetBytes(second, body);
            body.Write(_tail);
            await body.FlushAsync(cancellationToken);
        }

        /// <summary>A form without its slot, or with one twice, would hand visitors a broken or shared value: refuse to keep it.</summary>
        private static int SingleIndexOf(string html, string slot)
        {
            var at = html.IndexOf(slot, StringComparison.Ordinal);
            if (at < 0 || html.IndexOf(slot, at + slot.Length, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException("An empty form page must carry each per-visitor slot exactly once.");
            }

            return at;
        }
    }
}

public static class KeptEmptyForms
{
    /// <summary>
    /// Answers kept empty forms ahead of MVC. Placed after routing, authorization and the rate limiter, just before the
    /// endpoint: a kept form goes through every middleware a rendered one does (security headers, localization).
    /// </summary>
    public static IApplicationBuilder UseKeptEmptyForms(this IApplicationBuilder app)
    {
        var pages = app.ApplicationServices.GetRequiredService<EmptyFormPages>();
        return app.Use(async (context, next) =>
        {
            if (!await pages.TryServeKeptAsync(context))
            {
                await next(context);
            }
        });
    }
}
