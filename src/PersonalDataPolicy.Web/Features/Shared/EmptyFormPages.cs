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

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>What is each visitor's own on a public form: the antiforgery token and the signed fill-time stamp.</summary>
public sealed record FormStamps(string AntiforgeryToken, string Started);

/// <summary>
/// Issue 13: an empty public form is rendered once per variant of its page and kept as UTF-8 bytes with two slots; each
/// response writes the visitor's own antiforgery token (its cookie and no-store headers set as usual) and fill-time stamp
/// into them. The site works without JavaScript, so both travel in the HTML. Only the empty form of a GET is kept: a form
/// shown again with what someone typed, or with errors, is rendered for that request alone.
/// </summary>
public sealed class EmptyFormPages(IAntiforgery antiforgery, BotCheck bot, HtmlEncoder encoder)
{
    /// <summary>Stand in for the per-visitor values while a page is rendered; random per process, so no text can contain them.</summary>
    public static FormStamps Slots { get; } = new("antiforgery-" + Guid.NewGuid().ToString("N"), "started-" + Guid.NewGuid().ToString("N"));

    private Generation _generation = new(string.Empty);

    /// <summary>Fresh values for this visitor (a new antiforgery cookie when they have none).</summary>
    public FormStamps StampsFor(HttpContext http) => new(antiforgery.GetAndStoreTokens(http).RequestToken!, bot.StartedToken());

    /// <summary>
    /// Serves the form of <paramref name="variant"/> (everything the page's bytes depend on besides what
    /// <paramref name="generation"/> names, such as the published policy version), rendering it first if it is not kept yet.
    /// A new generation forgets every page of the old one.
    /// </summary>
    public IActionResult Page(string generation, string variant, Func<ActionContext, FormStamps, Task<string>> render) =>
        new EmptyFormResult(this, generation, variant, render);

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

    private async Task ServeAsync(ActionContext context, string generation, string variant, Func<ActionContext, FormStamps, Task<string>> render)
    {
        var current = Volatile.Read(ref _generation);
        if (current.Name != generation)
        {
            current = new Generation(generation);
            Volatile.Write(ref _generation, current);
        }

        if (!current.Pages.TryGetValue(variant, out var template))
        {
            template = Template.Parse(await render(context, Slots));
            current.Pages.TryAdd(variant, template);
        }

        var stamps = StampsFor(context.HttpContext);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        await template.WriteAsync(response, Encoding.UTF8.GetBytes(encoder.Encode(stamps.AntiforgeryToken)), Encoding.UTF8.GetBytes(encoder.Encode(stamps.Started)), context.HttpContext.RequestAborted);
    }

    private sealed record Generation(string Name)
    {
        public ConcurrentDictionary<string, Template> Pages { get; } = new(StringComparer.Ordinal);
    }

    private sealed class EmptyFormResult(EmptyFormPages pages, string generation, string variant, Func<ActionContext, FormStamps, Task<string>> render) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => pages.ServeAsync(context, generation, variant, render);
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

        public async Task WriteAsync(HttpResponse response, byte[] antiforgery, byte[] started, CancellationToken cancellationToken)
        {
            var (first, second) = _antiforgeryFirst ? (antiforgery, started) : (started, antiforgery);
            response.ContentLength = _head.Length + first.Length + _middle.Length + second.Length + _tail.Length;
            var body = response.BodyWriter;
            body.Write(_head);
            body.Write(first);
            body.Write(_middle);
            body.Write(second);
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
