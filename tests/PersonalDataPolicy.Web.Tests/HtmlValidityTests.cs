using System.Diagnostics;
using System.Net;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Every public page × kk/ru/en × standard and low-vision version, as the site serves it (with the statistics question,
/// after a failed submit, signed in to "my data", a 404), checked by html-validate (tests/html-validate, installed by
/// `npm ci --prefix tests/html-validate`, which `.ci/run` does). Zero errors.
/// </summary>
public sealed class HtmlValidityTests(MailSite mail, ITestOutputHelper output) : IClassFixture<MailSite>
{
    private const string Email = "html.valid@example.kz";

    private static readonly string[] Pages = ["policy", "policy/versions", "policy/versions/1", "policy/faq", "search", "appeal", "my-data", "cookies", "no-such-page", "cshi-calculator"];

    private static readonly string[] SignedInPages = ["my-data/overview", "my-data/edit", "my-data/withdraw"];

    private static readonly Dictionary<string, string> SearchWords = new() { ["kk"] = "деректер", ["ru"] = "данные", ["en"] = "data" };

    private SiteFactory Site => mail.Site;

    [Fact]
    public async Task Every_public_page_in_every_language_and_both_modes_is_valid_html()
    {
        var validator = Repository.PathOf("tests", "html-validate");
        await InstallValidatorAsync(validator);
        var folder = Directory.CreateTempSubdirectory("pdp-html-").FullName;

        var fields = Forms.ValidAppeal(email: Email);
        fields["Form.ConsentToMarketing"] = "true";
        var appeal = await Forms.PostAppealAsync(Browser(Site), "ru", fields);
        Assert.Equal(HttpStatusCode.Redirect, appeal.StatusCode);
        var receipt = appeal.Headers.Location!.OriginalString;
        await mail.Smtp.WaitForAsync(Email, IsAppealAcknowledgement);

        var saved = 0;
        foreach (var accessible in new[] { false, true })
        {
            var mode = accessible ? "low-vision" : "standard";
            var visitor = Browser(Site);
            var person = await SignInAsync(Site, mail.Smtp, Email, "ru");
            if (accessible)
            {
                await SwitchToLowVisionAsync(visitor);
                await SwitchToLowVisionAsync(person);
            }

            foreach (var culture in SiteLanguages.All)
            {
                async Task SaveAsync(string name, HttpResponseMessage response)
                {
                    var html = await response.Content.ReadAsStringAsync();
                    Assert.True(html.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal), $"{culture} {mode} {name}: {(int)response.StatusCode} is not a page");
                    await File.WriteAllTextAsync(Path.Combine(folder, $"{mode}-{culture}-{name.Replace('/', '-')}.html"), html);
                    saved++;
                }

                foreach (var page in Pages)
                {
                    var path = page == "search" ? $"search?q={Uri.EscapeDataString(SearchWords[culture])}" : page;
                    await SaveAsync(page, await visitor.GetAsync($"/{culture}/{path}"));
                }

                await SaveAsync("cshi-answer", await visitor.GetAsync($"/{culture}/cshi-calculator?year=2026&category=employer&income=5000000"));
                await SaveAsync("cshi-failed", await visitor.GetAsync($"/{culture}/cshi-calculator?year=2026&category=civil-contract&income=-1"));
                await SaveAsync("receipt", await visitor.GetAsync(receipt.Replace("/ru/", $"/{culture}/", StringComparison.Ordinal)));
                await SaveAsync("appeal-failed", await Forms.PostAppealAsync(visitor, culture, new Dictionary<string, string>()));
                await SaveAsync("my-data-link-sent", await AskForLinkAsync(visitor, "nobody.here@example.kz", culture));
                foreach (var page in SignedInPages)
                {
                    await SaveAsync(page, await person.GetAsync($"/{culture}/{page}"));
                }
            }
        }

        var (exitCode, report) = await RunValidatorAsync(validator, folder);
        output.WriteLine(report);
        Assert.True(exitCode == 0, report);
        Assert.Contains($"{saved} pages validated, 0 errors", report, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task SwitchToLowVisionAsync(HttpClient client)
    {
        var response = await Forms.PostFromSiteAsync(client, "/kk/display-mode", new Dictionary<string, string> { ["mode"] = "accessible", ["returnUrl"] = "/kk/policy" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A fresh clone has no node_modules: the package comes from the lock file (npm registry), as .ci/run does it.</summary>
    private static async Task InstallValidatorAsync(string validator)
    {
        if (Directory.Exists(Path.Combine(validator, "node_modules", "html-validate")))
        {
            return;
        }

        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--prefix", validator, "--no-audit", "--no-fund"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("npm did not start: Node.js and npm are needed for the HTML check.");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(deadline.Token);
        Assert.True(npm.ExitCode == 0, $"npm ci --prefix {validator} failed:\n{await output}\n{await errors}");
    }

    private static async Task<(int ExitCode, string Output)> RunValidatorAsync(string validator, string folder)
    {
        using var node = Process.Start(new ProcessStartInfo("node", [Path.Combine(validator, "validate.mjs"), folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = validator,
        })!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, (await stdout + await stderr).Trim());
    }
}
