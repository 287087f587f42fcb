using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>
/// axe-core (the copy bundled with Deque.AxeCore) run in the page itself, asked for violations only. Deque.AxeCore.Playwright's
/// RunAxe evaluates the whole axe script again on every call, opens a fresh page per call to merge partial results, and
/// carries the nodes of every passed, incomplete and inapplicable rule to .NET and back; here the script is evaluated once per
/// page load at most and only the violations leave the page — the same rules and the same findings, far less work.
/// </summary>
internal static class AxeScan
{
    private static readonly string Script = new BundledAxeScriptProvider().GetScript();

    /// <summary>With no tags axe runs its default rule set, as RunAxe() without options did.</summary>
    private const string RunScript = """
        async tags => {
          const options = { resultTypes: ['violations'] };
          if (tags) options.runOnly = { type: 'tag', values: tags };
          const result = await axe.run(document, options);
          return result.violations.map(v => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
        }
        """;

    /// <summary>Puts axe into every page the context opens, for a test that checks page after page.</summary>
    public static Task AddToAsync(IBrowserContext context) => context.AddInitScriptAsync(Script);

    /// <summary>The serious and critical violations of the page as it is now (the impacts the tests fail on).</summary>
    public static async Task<IReadOnlyList<AxeViolation>> SeriousViolationsAsync(IPage page, IReadOnlyList<string>? tags = null)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync($"() => {{ {Script} }}");
        }

        var found = await page.EvaluateAsync<JsonElement>(RunScript, tags);
        return found.EnumerateArray()
            .Select(v => new AxeViolation(v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
                v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList()))
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
    }
}

internal sealed record AxeViolation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
{
    public override string ToString() => $"{Id}: {Help} ({string.Join(", ", Targets)})";
}
