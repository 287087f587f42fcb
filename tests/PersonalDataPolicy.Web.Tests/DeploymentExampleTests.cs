using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 14: the nginx example of deploy/nginx, run by Debian's nginx with TLS in front of two site processes on one
/// PostgreSQL database (<see cref="BalancedSites"/>). Each test speaks HTTPS to nginx from an address of its own
/// (127.0.0.x), so nginx's per-visitor budgets of one test do not touch another's.
/// </summary>
[Collection(OnPostgreSql.Name)]
public sealed partial class NginxExampleTests(BalancedSites sites, ITestOutputHelper output) : IClassFixture<BalancedSites>
{
    [SkippableFact]
    public async Task The_site_sees_https_and_the_visitors_address_only_from_nginx_never_what_the_visitor_forged()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.11");
        using var visitorA = sites.Visitor("127.0.0.2");
        using var visitorB = sites.Visitor("127.0.0.3");

        // A visitor who claims plain HTTP and another address: nginx sets the scheme, and appends the real address last.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/en/policy");
        forged.Headers.Add("X-Forwarded-Proto", "http");
        forged.Headers.Add("X-Forwarded-For", "198.51.100.1");
        var policy = await visitorA.SendAsync(forged);

        // The API's budget is per visitor address and instance: a new forged address on every request would be a new
        // budget every time if the site believed it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4 * BalancedSites.ApiRequestsPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/policy/versions");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 10}");
            var answer = await visitorA.SendAsync(request);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            }
        }

        var other = await visitorB.GetAsync("/api/v1/policy/versions");

        var served = statuses.Count(s => s == HttpStatusCode.OK);
        output.WriteLine($"forged X-Forwarded-Proto: http → HSTS {(policy.Headers.Contains("Strict-Transport-Security") ? "sent" : "not sent")}; "
            + $"{statuses.Count} API requests from 127.0.0.2, each with another forged X-Forwarded-For: {served} served, {statuses.Count - served} refused by the site (429, budget {BalancedSites.ApiRequestsPerMinute} per instance); "
            + $"127.0.0.3 next: {(int)other.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.True(policy.Headers.Contains("Strict-Transport-Security"), "the site did not see https through nginx");
        // Believed, every forged address would have been served; the visitor's own address has a budget at each instance
        // (a window of the site's fixed-window limiter may turn over meanwhile: one more budget at most).
        Assert.InRange(served, 2 * BalancedSites.ApiRequestsPerMinute, 3 * BalancedSites.ApiRequestsPerMinute);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [SkippableFact]
    public async Task Nginx_spreads_requests_over_both_instances()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.4");
        using var visitor = sites.Visitor("127.0.0.4");
        var before = sites.Nginx.LogLines().Count;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health/live")).StatusCode);
        }

        var upstreams = sites.Nginx.LogLines(before).Select(Upstream).ToList();
        var perInstance = sites.Ports.Select(port => upstreams.Count(u => u == $"127.0.0.1:{port}")).ToList();
        output.WriteLine($"10 requests through nginx: {string.Join(", ", perInstance.Select((n, i) => $"instance {i} served {n}"))}");
        Assert.All(perInstance, n => Assert.InRange(n, 3, 7));
    }

    [SkippableFact]
    public async Task An_instance_whose_database_is_unreachable_is_skipped_and_visitors_see_only_the_healthy_one()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.12");
        using var visitor = sites.Visitor("127.0.0.5");
        await sites.CutDatabaseAsync(1);
        try
        {
            await Eventually.HoldsAsync(async () => await sites.ReadinessAsync(1) == HttpStatusCode.ServiceUnavailable, "instance 1 reports itself not ready");
            var before = sites.Nginx.LogLines().Count;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                statuses.Add((await visitor.GetAsync("/health")).StatusCode);
                statuses.Add((await visitor.GetAsync("/en/policy/versions")).StatusCode);
            }

            // Pages the instance keeps in memory it may still answer itself; readiness it cannot.
            var health = sites.Nginx.LogLines(before).Where(l => l.Contains(" GET /health ", StringComparison.Ordinal)).ToList();
            var healthAtUnready = health.Count(l => Upstream(l).StartsWith($"127.0.0.1:{sites.Ports[1]}", StringComparison.Ordinal));
            var moved = health.Count(l => Upstream(l).StartsWith($"127.0.0.1:{sites.Ports[1]},", StringComparison.Ordinal));
            output.WriteLine($"instance 1 without its database: {statuses.Count} requests through nginx, {statuses.Count(s => s == HttpStatusCode.OK)} answered 200; "
                + $"/health first tried at instance 1: {healthAtUnready}, moved on to instance 0: {moved}, e.g. \"{health.FirstOrDefault(l => Upstream(l).Contains(',', StringComparison.Ordinal))}\"");
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Equal(healthAtUnready, moved);

            // One failure takes it out of rotation for fail_timeout (10 s): not tried at every other request.
            Assert.InRange(healthAtUnready, 0, 2);
        }
        finally
        {
            await sites.RestoreDatabaseAsync(1);
        }

        await Eventually.HoldsAsync(async () => await sites.ReadinessAsync(1) == HttpStatusCode.OK, "instance 1 ready again", TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public async Task A_killed_instance_is_skipped_and_visitors_see_no_error()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.13");
        using var visitor = sites.Visitor("127.0.0.6");
        await sites.KillAsync(0);
        try
        {
            var before = sites.Nginx.LogLines().Count;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                statuses.Add((await visitor.GetAsync(i % 2 == 0 ? "/en/policy" : "/health")).StatusCode);
            }

            var lines = sites.Nginx.LogLines(before);
            var triedAtKilled = lines.Count(l => Upstream(l).Contains($":{sites.Ports[0]}", StringComparison.Ordinal));
            output.WriteLine($"instance 0 killed: {statuses.Count} requests through nginx, {statuses.Count(s => s == HttpStatusCode.OK)} answered 200; {triedAtKilled} first tried at the killed one");
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.InRange(triedAtKilled, 0, 2);
        }
        finally
        {
            await sites.StartAsync(0);
        }
    }

    [SkippableFact]
    public async Task Nginx_answers_429_to_appeal_posts_beyond_the_documented_rate_per_visitor()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        using var flooder = sites.Visitor("127.0.0.7");
        using var neighbour = sites.Visitor("127.0.0.8");

        var clock = Stopwatch.StartNew();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await flooder.PostAsync("/en/appeal", new FormUrlEncodedContent([])));
        }

        var elapsed = clock.Elapsed;
        var neighbourAnswer = await neighbour.PostAsync("/en/appeal", new FormUrlEncodedContent([]));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var bodies = await Task.WhenAll(refused.Select(a => a.Content.ReadAsStringAsync()));

        // The example: 10 a minute (one every 6 s) and a burst of 5 — six at once, then one per 6 s.
        var allowed = 6 + (int)(elapsed.TotalSeconds / 6);
        output.WriteLine($"12 appeal posts from one visitor in {elapsed.TotalSeconds:0.0} s: {answers.Count - refused.Count} passed to the site (answered {string.Join("/", answers.Except(refused).Select(a => (int)a.StatusCode).Distinct())}), {refused.Count} refused by nginx with 429; "
            + $"another visitor next: {(int)neighbourAnswer.StatusCode}");
        Assert.InRange(answers.Count - refused.Count, 6, allowed);
        Assert.All(bodies, b => Assert.Contains("nginx", b));
        Assert.All(answers.Take(6), a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, neighbourAnswer.StatusCode);
    }

    [SkippableFact]
    public async Task Security_headers_and_hsts_reach_the_visitor_through_nginx_and_plain_http_is_redirected()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.14");
        using var visitor = sites.Visitor("127.0.0.9");
        var proxied = await visitor.GetAsync("/en/policy");

        // What the site itself sends to its proxy for the same page over HTTPS.
        using var direct = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{sites.Ports[0]}/en/policy");
        request.Headers.Host = NginxServer.PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "https");
        var fromSite = await direct.SendAsync(request);

        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var insecure = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{sites.Nginx.HttpPort}/en/policy?x=1");
        insecure.Headers.Host = NginxServer.PublicHost;
        var redirect = await plain.SendAsync(insecure);

        string[] security = ["Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy"];
        var sent = security.Where(fromSite.Headers.Contains).ToList();
        var lost = sent.Where(h => !proxied.Headers.TryGetValues(h, out var v) || string.Join(", ", v) != string.Join(", ", fromSite.Headers.GetValues(h))).ToList();
        output.WriteLine($"security headers the site sends: {string.Join(", ", sent)}; changed or lost through nginx: {(lost.Count == 0 ? "none" : string.Join(", ", lost))}; "
            + $"HSTS through nginx: {string.Join(", ", proxied.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? hsts : ["(none)"])}; "
            + $"http:// → {(int)redirect.StatusCode} {redirect.Headers.Location}");
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Contains("Strict-Transport-Security", sent);
        Assert.Contains("Content-Security-Policy", sent);
        Assert.Empty(lost);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://{NginxServer.PublicHost}/en/policy?x=1", redirect.Headers.Location?.OriginalString);
    }

    [SkippableFact]
    public async Task A_form_fetched_through_one_instance_is_accepted_through_the_other()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await WaitUntilBothServeAsync("127.0.0.10");
        var cookies = new CookieContainer();
        using var visitor = sites.Visitor("127.0.0.10", cookies);

        // Round robin alternates the instances; a pair whose form and post went to different ones is what is looked for.
        for (var attempt = 1; ; attempt++)
        {
            var before = sites.Nginx.LogLines().Count;
            var page = await (await visitor.GetAsync("/en/appeal")).Content.ReadAsStringAsync();
            var fields = Forms.ValidAppeal(email: $"nginx-{attempt}@example.kz");
            fields["__RequestVerificationToken"] = Forms.TokenIn(page);
            fields["form-started"] = Forms.StartedIn(page)!;
            var posted = await visitor.PostAsync("/en/appeal", new FormUrlEncodedContent(fields));
            // Only this attempt's two requests: nginx writes a line after its answer, so a late line of the readiness wait can follow.
            var upstreams = sites.Nginx.LogLines(before)
                .Where(l => l.Contains(" GET /en/appeal ", StringComparison.Ordinal) || l.Contains(" POST /en/appeal ", StringComparison.Ordinal))
                .Select(Upstream).ToList();
            if (upstreams.Count == 2 && upstreams[0] != upstreams[1])
            {
                output.WriteLine($"form from {upstreams[0]}, posted to {upstreams[1]} (attempt {attempt}): {(int)posted.StatusCode} → {posted.Headers.Location}; cookies: {string.Join(", ", cookies.GetAllCookies().Select(c => $"{c.Name}{(c.Secure ? " (secure)" : string.Empty)}"))}");
                Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
                Assert.Contains("/en/consent/receipts/", posted.Headers.Location?.OriginalString);
                Assert.All(cookies.GetAllCookies(), c => Assert.True(c.Secure, c.Name));
                return;
            }

            Assert.True(attempt < 4, $"no form and post went to different instances in {attempt} attempts: {string.Join(" | ", upstreams)}");
        }
    }

    /// <summary>After a test took an instance out (killed or without its database), nginx leaves it out for fail_timeout.</summary>
    private async Task WaitUntilBothServeAsync(string address)
    {
        using var probe = sites.Visitor(address);
        await Eventually.HoldsAsync(async () =>
        {
            // Two requests in a row answered by the two instances, each at the first try.
            var before = sites.Nginx.LogLines().Count;
            await probe.GetAsync("/health/live");
            await probe.GetAsync("/health/live");
            var upstreams = sites.Nginx.LogLines(before).Select(Upstream).ToList();
            return upstreams.Count == 2 && upstreams.All(u => u.StartsWith("127.0.0.1:", StringComparison.Ordinal) && !u.Contains(',', StringComparison.Ordinal)) && upstreams[0] != upstreams[1];
        }, "nginx passes requests to both instances", TimeSpan.FromSeconds(60));
    }

    /// <summary>The instances nginx tried for one logged request, from the example's log format ("a, b" when it moved on).</summary>
    private static string Upstream(string line) => UpstreamPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : string.Empty;

    [GeneratedRegex(@"upstream=(.*?) upstream_status=")]
    private static partial Regex UpstreamPattern();
}

/// <summary>The systemd unit of deploy/systemd: valid to systemd, and hardened as docs/deployment.md says.</summary>
public sealed class SystemdUnitTests(ITestOutputHelper output)
{
    private const string Analyzer = "/usr/bin/systemd-analyze";
    private static readonly string Unit = Repository.PathOf("deploy", "systemd", "personal-data-policy.service");

    [SkippableFact]
    public async Task Systemd_analyze_verify_finds_nothing_to_say_about_the_unit()
    {
        Skip.IfNot(File.Exists(Analyzer), $"{Analyzer} not found: systemd is not installed here (a container image without it); the unit is checked where systemd is.");
        var folder = Directory.CreateTempSubdirectory("pdp-unit-").FullName;
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(Unit));
            File.Copy(Unit, copy);
            var start = new ProcessStartInfo(Analyzer, ["verify", copy]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var verify = Process.Start(start)!;
            var errors = verify.StandardError.ReadToEndAsync();
            var printed = await verify.StandardOutput.ReadToEndAsync() + await errors;
            await verify.WaitForExitAsync();

            output.WriteLine($"systemd-analyze verify: exit {verify.ExitCode}, {(printed.Trim().Length == 0 ? "nothing printed" : printed)}");
            Assert.Equal(0, verify.ExitCode);

            // It exits 0 on an unknown key or a bad value too, and says so: anything it says is a finding.
            Assert.Equal(string.Empty, printed.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_units_hardening_is_what_the_deployment_guide_lists()
    {
        var unit = File.ReadAllLines(Unit).Select(l => l.Trim()).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).ToHashSet();
        var guide = File.ReadAllText(Repository.PathOf("docs", "deployment.md"));
        var section = guide[guide.IndexOf("## systemd", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var listed = Regex.Matches(section, @"`([A-Za-z]+=[^`]*)`").Select(m => m.Groups[1].Value).ToList();

        output.WriteLine($"the guide lists {listed.Count} settings of the unit: {string.Join(", ", listed)}");
        Assert.Contains("deploy/systemd/personal-data-policy.service", section);
        foreach (var required in new[] { "User=", "NoNewPrivileges=", "ProtectSystem=", "EnvironmentFile=", "ProtectHome=", "PrivateTmp=", "CapabilityBoundingSet=" })
        {
            Assert.Contains(listed, s => s.StartsWith(required, StringComparison.Ordinal));
        }

        Assert.All(listed, setting => Assert.Contains(setting, unit));
    }
}
