using System.Text.RegularExpressions;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 13: links come from routing (tag helpers, <c>Url.Action</c>, <c>LinkGenerator</c>), so routes, caching and links
/// cannot drift apart. A view or C# file that writes a site path by hand again fails here.
/// </summary>
public sealed partial class HandWrittenPathTests
{
    /// <summary>The few hand-written paths that are not links to an MVC action, each with why (file relative to src/, exact text).</summary>
    private static readonly (string File, string Text, string Why)[] Allowed =
    [
        ("PersonalDataPolicy.Web/Features/Api/Reference.cshtml", "href=\"/openapi/v1.json\"",
            "the OpenAPI document is a fixed public contract that API clients fetch by this address (ApiSetup maps it by pattern, with no action or route name to link to)"),
    ];

    [Fact]
    public void No_view_or_source_file_under_src_writes_a_site_path_by_hand()
    {
        var files = Directory.EnumerateFiles(Repository.PathOf("src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository.PathOf("src"), f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "Migrations"))
            .ToList();
        Assert.True(files.Count(f => f.EndsWith(".cshtml", StringComparison.Ordinal)) > 50, $"only {files.Count} files scanned");

        var found = new List<string>();
        var allowedSeen = new HashSet<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(Repository.PathOf("src", file));
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in HandWrittenPath().Matches(lines[i]))
                {
                    var allowed = Allowed.FirstOrDefault(a => a.File == file && lines[i].Contains(a.Text, StringComparison.Ordinal));
                    if (allowed.File is not null)
                    {
                        allowedSeen.Add(allowed.File + allowed.Text);
                        continue;
                    }

                    found.Add($"{file}:{i + 1}: {match.Value}");
                }
            }
        }

        Assert.True(found.Count == 0, "Write these links with tag helpers (asp-controller/asp-action/asp-route-*) or Url.Action/LinkGenerator:\n" + string.Join('\n', found));
        // An exception that no longer occurs leaves the list, so the list stays short and true.
        Assert.All(Allowed, a => Assert.True(allowedSeen.Contains(a.File + a.Text), $"{a.File} no longer holds {a.Text}: remove it from the allow-list"));
    }

    [Theory]
    [InlineData("<a href=\"/admin/subjects/@id\">", true)]
    [InlineData("<form method=\"post\" action=\"/admin/requests/@id/note\">", true)]
    [InlineData("<img src='/img/logo.png'>", true)]
    [InlineData("<button formaction=\"/admin/ledger\">", true)]
    [InlineData("html.Append(\"<a href=\\\"/en/policy\\\">\")", true)]
    [InlineData("return LocalRedirect(\"/admin\");", true)]
    [InlineData("return Redirect(\"/en/policy\");", true)]
    [InlineData("<a asp-controller=\"Subjects\" asp-action=\"Show\" asp-route-id=\"@id\">", false)]
    [InlineData("<link rel=\"stylesheet\" href=\"~/css/site.css\" />", false)]
    [InlineData("<a href=\"#main\">", false)]
    [InlineData("<a href=\"@Url.Action(\"Show\", \"Breaches\")\">", false)]
    [InlineData("<a href=\"https://adilet.zan.kz/\">", false)]
    public void The_scan_recognizes_a_hand_written_path(string line, bool handWritten) =>
        Assert.Equal(handWritten, HandWrittenPath().IsMatch(line));

    /// <summary>A site-absolute path in a link, form, image or script attribute (also inside a C# string), or given to a redirect.</summary>
    [GeneratedRegex("""(?<![\w-])(?:href|src|action|formaction)\s*=\s*\\?["']/|\b(?:Local)?Redirect(?:Permanent)?\(\s*"/""")]
    private static partial Regex HandWrittenPath();
}
