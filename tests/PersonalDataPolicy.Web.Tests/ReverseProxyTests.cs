using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The real site under Kestrel on 127.0.0.1, started as Production with nginx's address (127.0.0.1) as its only known
/// proxy, spoken to the way nginx speaks to it: public Host, X-Forwarded-For with the visitor's address, X-Forwarded-Proto https.
/// </summary>
public sealed class ReverseProxyTests(ProxiedSite site, ITestOutputHelper output) : IClassFixture<ProxiedSite>
{
    [Fact]
    public async Task Each_client_behind_the_proxy_has_its_own_buckets_and_junk_appeals_never_lock_sign_in()
    {
        using var clientA = site.Visitor("203.0.113.10");
        using var clientB = site.Visitor("203.0.113.20");

        var (acceptedA, refusedA) = await JunkAppealsAsync(clientA, 11);
        var clientBAppeal = await clientB.PostAsync("/en/appeal", []);
        var signInA = await SignInAttemptAsync(clientA);
        var myDataA = await clientA.PostAsync("/en/my-data", []);

        var figures = $"client A: {acceptedA} accepted, {refusedA} refused; client B: appeal answered {(int)clientBAppeal.StatusCode}; "
            + $"sign-in from A: {(int)signInA.StatusCode} (the sign-in form, wrong password); \"my data\" link from A: {(int)myDataA.StatusCode}";
        output.WriteLine(figures);
        Assert.Equal((10, 1), (acceptedA, refusedA));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, clientBAppeal.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signInA.StatusCode);
        Assert.Contains("name=\"Password\"", await signInA.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, myDataA.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_for_from_an_address_that_is_not_the_proxy_is_ignored()
    {
        // 127.0.0.2 is on the loopback too, but it is not in ReverseProxy:KnownProxies.
        using var strangerA = site.Visitor("198.51.100.1", localAddress: IPAddress.Parse("127.0.0.2"));
        using var strangerB = site.Visitor("198.51.100.2", localAddress: IPAddress.Parse("127.0.0.2"));
        using var proxiedC = site.Visitor("198.51.100.3");
        using var proxiedD = site.Visitor("198.51.100.4");

        var (acceptedA, refusedA) = await JunkAppealsAsync(strangerA, 11);
        var (_, refusedB) = await JunkAppealsAsync(strangerB, 1);
        var (acceptedC, refusedC) = await JunkAppealsAsync(proxiedC, 11);
        var proxiedDAppeal = await proxiedD.PostAsync("/en/appeal", []);

        output.WriteLine($"from 127.0.0.2 (not a proxy): \"client\" A {acceptedA} accepted, {refusedA} refused; \"client\" B (another X-Forwarded-For): {(refusedB == 1 ? 429 : 400)} — one bucket, the connection's");
        output.WriteLine($"from 127.0.0.1 (the proxy): client C {acceptedC} accepted, {refusedC} refused; client D: {(int)proxiedDAppeal.StatusCode}");
        Assert.Equal((10, 1), (acceptedA, refusedA));
        Assert.Equal(1, refusedB);
        Assert.Equal((10, 1), (acceptedC, refusedC));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, proxiedDAppeal.StatusCode);
    }

    [Fact]
    public async Task Over_forwarded_https_every_cookie_is_secure_and_hsts_is_sent_for_a_year()
    {
        using var visitor = site.Visitor("203.0.113.30");
        var cookies = new List<string>();
        async Task<HttpResponseMessage> Collect(Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            cookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : []);
            return response;
        }

        var policy = await Collect(visitor.GetAsync("/en/policy"));
        await Collect(visitor.GetAsync("/en/appeal"));
        await Collect(visitor.PostAsync("/en/display-mode", new() { ["mode"] = "accessible", ["returnUrl"] = "/en/policy" }));
        await Collect(visitor.PostAsync("/en/cookies", new() { ["choice"] = "refuse", ["returnUrl"] = "/en/policy" }, origin: $"https://{ProxiedSite.PublicHost}"));
        await Collect(SignInAttemptAsync(visitor));
        const string password = "Proxy-Test-Password-2026";
        await site.CreateAdminAsync("proxy.admin@fund.kz", password);
        var signedIn = await Collect(SignInAttemptAsync(visitor, "proxy.admin@fund.kz", password));

        var hsts = policy.Headers.TryGetValues("Strict-Transport-Security", out var h) ? string.Join(", ", h) : "(none)";
        var names = cookies.Select(c => c.Split('=')[0]).Distinct().ToList();
        output.WriteLine($"cookies set: {cookies.Count} ({string.Join(", ", names)}), with secure: {cookies.Count(IsSecure)}; HSTS: {hsts}");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("staff-session", names);
        Assert.Contains("statistics", names);
        Assert.True(names.Count >= 5, string.Join('\n', cookies));
        Assert.All(cookies, c => Assert.True(IsSecure(c), c));
        Assert.Equal("max-age=31536000; includeSubDomains", hsts);
    }

    [Fact]
    public async Task Behind_the_proxy_the_statistics_choice_is_taken_only_from_the_public_origin()
    {
        using var visitor = site.Visitor("203.0.113.60");
        var fields = new Dictionary<string, string> { ["choice"] = "accept", ["returnUrl"] = "/ru/policy" };

        var plainHttp = await visitor.PostAsync("/ru/cookies", fields, origin: $"http://{ProxiedSite.PublicHost}");
        var otherSite = await visitor.PostAsync("/ru/cookies", fields, origin: "https://evil.example");
        var publicOrigin = await visitor.PostAsync("/ru/cookies", fields, origin: $"https://{ProxiedSite.PublicHost}");

        output.WriteLine($"Origin http://{ProxiedSite.PublicHost} → {(int)plainHttp.StatusCode}; https://evil.example → {(int)otherSite.StatusCode}; https://{ProxiedSite.PublicHost} → {(int)publicOrigin.StatusCode}");
        Assert.Equal(HttpStatusCode.Forbidden, plainHttp.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        Assert.Contains("Ваш выбор не сохранён", await otherSite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, publicOrigin.StatusCode);
        Assert.Equal("/ru/policy", publicOrigin.Headers.Location!.OriginalString);
        Assert.Contains(publicOrigin.Headers.GetValues("Set-Cookie"), c => c.StartsWith("statistics=granted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_other_than_the_public_one_gets_400()
    {
        using var visitor = site.Visitor("203.0.113.40");
        var evil = await visitor.GetAsync("/en/policy", host: "evil.example");
        var publicHost = await visitor.GetAsync("/en/policy");
        var evilPost = await visitor.PostAsync("/en/appeal", [], host: "evil.example");

        var body = await evil.Content.ReadAsStringAsync() + await evilPost.Content.ReadAsStringAsync();
        output.WriteLine($"Host: evil.example → GET {(int)evil.StatusCode}, POST {(int)evilPost.StatusCode}; Host: {ProxiedSite.PublicHost} → {(int)publicHost.StatusCode}");
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, evilPost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicHost.StatusCode);
        Assert.DoesNotContain("evil.example", body, StringComparison.OrdinalIgnoreCase);
        Assert.Null(evil.Headers.Location);
    }

    [Fact]
    public async Task Head_answers_200_without_a_body_on_every_public_page()
    {
        using var visitor = site.Visitor("203.0.113.50");
        var answers = new List<string>();
        foreach (var culture in SiteLanguages.All)
        {
            foreach (var page in new[] { "policy", "policy/versions", "policy/versions/1", "policy/faq", "search", "search?q=email", "appeal", "my-data" })
            {
                var head = await visitor.SendAsync(HttpMethod.Head, $"/{culture}/{page}");
                var body = await head.Content.ReadAsByteArrayAsync();
                answers.Add($"/{culture}/{page} {(int)head.StatusCode} {body.Length}");
            }
        }

        var ok = answers.Count(a => a.EndsWith(" 200 0", StringComparison.Ordinal));
        output.WriteLine($"HEAD on {answers.Count} public pages: {ok} answered 200 with an empty body");
        Assert.True(ok == answers.Count, string.Join('\n', answers));
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A robot's posts: a real form with its antiforgery token, the honeypot filled. The appeal form's budget counts
    /// them (the bot check refuses them with 400), unlike mistakes a person corrects.
    /// </summary>
    private static async Task<(int Accepted, int Refused)> JunkAppealsAsync(ProxyVisitor client, int count)
    {
        var page = await (await client.GetAsync("/en/appeal")).Content.ReadAsStringAsync();
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.TokenIn(page),
            ["form-started"] = Forms.StartedIn(page)!,
            ["website"] = "http://spam.example",
        };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await client.PostAsync("/en/appeal", fields)).StatusCode);
        }

        var refused = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        return (statuses.Count - refused, refused);
    }

    private static async Task<HttpResponseMessage> SignInAttemptAsync(ProxyVisitor client, string email = "nobody@example.kz", string password = "not-the-password-1A")
    {
        var page = await client.GetAsync("/admin/sign-in");
        var token = Forms.TokenIn(await page.Content.ReadAsStringAsync());
        return await client.PostAsync("/admin/sign-in", new() { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token });
    }
}

/// <summary>A proxy address that does not parse stops the site at start, instead of trusting nobody (or everybody) in silence.</summary>
public sealed class ReverseProxyOptionsTests
{
    [Theory]
    [InlineData("KnownProxies", "nginx.internal")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    public void A_proxy_entry_that_is_not_an_address_stops_the_site_at_start(string list, string entry)
    {
        using var site = new SiteFactory();
        site.Settings[$"ReverseProxy:{list}:0"] = entry;

        var refused = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains($"ReverseProxy:{list}: '{entry}'", refused.ToString());
    }
}

/// <summary>
/// A client that goes away mid-request (here: its connection resets while the site reads the posted form) is one
/// information line, not an error with a stack trace.
/// </summary>
public sealed class ClientAbortTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task A_client_that_goes_away_mid_post_is_logged_as_information_not_as_an_error()
    {
        var levels = new LevelLog();
        using var factory = site.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(levels)));
        _ = factory.Server;
        var finished = new FinishedRequests();
        using var subscription = finished.Follow(factory.Services.GetRequiredService<DiagnosticListener>());
        var served = 0;

        var failure = await Record.ExceptionAsync(() => factory.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = "/en/appeal";
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.Body = new VanishingClientBody(context, () => served++);
        }));

        // Hosting ends the request once the whole pipeline is done with it: whatever the site does after the request
        // line (an error page, the exception handler's own line) has been logged by then.
        await Eventually.HoldsAsync(() => finished.Paths.Contains("/en/appeal"), "the site finished the request");

        var errors = levels.Events.Where(e => e.Level >= LogEventLevel.Error).ToList();
        var wentAway = levels.Events.Where(e => e.MessageTemplate.Text.StartsWith("Client went away", StringComparison.Ordinal)).ToList();
        var requestLine = levels.Events.First(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal));
        output.WriteLine($"client reset after {served} body read(s) ({failure?.GetType().Name ?? "no exception at the client"}); "
            + $"\"client went away\" lines: {wentAway.Count} at {string.Join(", ", wentAway.Select(e => e.Level))}; request line: {requestLine.Level}, status {requestLine.Properties["StatusCode"]}; request lines: {levels.Events.Count(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal))}; error events: {errors.Count}");
        Assert.Empty(errors.Select(e => e.RenderMessage() + e.Exception));
        Assert.Equal(LogEventLevel.Information, Assert.Single(wentAway).Level);
        Assert.Null(wentAway[0].Exception);
        Assert.Equal("499", requestLine.Properties["StatusCode"].ToString());
    }

    /// <summary>A request body that gives a few bytes and then the connection is gone, as Kestrel reports it.</summary>
    private sealed class VanishingClientBody(HttpContext context, Action onRead) : Stream
    {
        private int _sent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onRead();
            var part = "Form.LastName=Abc&Form.Fir"u8[_sent..];
            if (part.Length > 0)
            {
                var length = Math.Min(part.Length, buffer.Length);
                part[..length].CopyTo(buffer.Span);
                _sent += length;
                return ValueTask.FromResult(length);
            }

            context.Abort();
            throw new OperationCanceledException("The client reset the connection.", context.RequestAborted);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class LevelLog : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyCollection<LogEvent> Events => _events;

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }

    /// <summary>The paths of the requests hosting has finished: its request activity stops after the last middleware and the server are done.</summary>
    private sealed class FinishedRequests : IObserver<KeyValuePair<string, object?>>
    {
        private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
        private readonly ConcurrentQueue<string> _paths = new();

        public IReadOnlyCollection<string> Paths => _paths;

        public IDisposable Follow(DiagnosticListener hosting) =>
            hosting.Subscribe(this, name => name.StartsWith(RequestActivity, StringComparison.Ordinal));

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value is { Key: RequestActivity + ".Stop", Value: HttpContext context })
            {
                _paths.Enqueue(context.Request.Path.Value ?? string.Empty);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>The site as a Production process on 127.0.0.1 behind a proxy at 127.0.0.1, with real rate limits.</summary>
public sealed class ProxiedSite : IAsyncLifetime
{
    public const string PublicHost = "pdp.example";
    private readonly string _data = Directory.CreateTempSubdirectory("pdp-proxy-").FullName;
    private SiteProcess? _process;

    public int Port { get; } = Ports.Free();

    public string Console => _process?.Console ?? string.Empty;

    public ProxyVisitor Visitor(string forwardedFor, IPAddress? localAddress = null) => new(Port, forwardedFor, localAddress);

    /// <summary>A health probe behind the proxy names the public host too: any other is refused.</summary>
    public async Task InitializeAsync() => _process = await SiteProcess.StartAsync(Port, Settings(), PublicHost);

    /// <summary>The operators' command, on this site's data: an administrator with the given password.</summary>
    public async Task CreateAdminAsync(string email, string password)
    {
        var (exitCode, printed) = await SiteProcess.RunCommandAsync(Settings(), [Commands.CreateAdminCommand.Name, "--email", email, "--password-stdin"], password);
        Assert.True(exitCode == 0, printed);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp cleaner takes it.
        }
    }

    private Dictionary<string, string> Settings() => PlaceholderOperator.AddTo(new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database__DataDirectory"] = _data,
        ["Mail__PickupDirectory"] = Path.Combine(_data, "mail"),
        ["Mail__PublicBaseUrl"] = $"https://{PublicHost}",
        ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
        ["PersonalData__KeyEncryptionCertificatePath"] = KeyRingCertificate.WriteTo(Path.Combine(_data, "certificate")),
        ["PersonalData__KeyEncryptionCertificatePassword"] = KeyRingCertificate.Password,
        ["RateLimiting__AppealsPerMinute"] = "10",
        ["RateLimiting__MyDataLinksPerMinute"] = "10",
        ["RateLimiting__SignInsPerMinute"] = "10",
        ["RateLimiting__PostsPerMinute"] = "60",
    });
}

/// <summary>
/// One visitor as nginx forwards them: Host is the public name, X-Forwarded-For the visitor's address, X-Forwarded-Proto https.
/// Cookies are kept by hand: the secure ones would not go back over the test's plain HTTP otherwise, as they do through TLS at the proxy.
/// </summary>
public sealed class ProxyVisitor : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _forwardedFor;
    private readonly Dictionary<string, string> _cookies = [];

    public ProxyVisitor(int port, string forwardedFor, IPAddress? localAddress)
    {
        _forwardedFor = forwardedFor;
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<HttpResponseMessage> GetAsync(string path, string host = ProxiedSite.PublicHost) => SendAsync(HttpMethod.Get, path, null, host);

    /// <summary>A form post; <paramref name="origin"/> is the Origin the browser names (none: an old browser, or not a browser).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, string host = ProxiedSite.PublicHost, string? origin = null) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields), host, origin);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string host = ProxiedSite.PublicHost, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Headers.Add("X-Forwarded-For", _forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = setCookie.Split(';')[0].Split('=', 2);
            _cookies[pair[0]] = pair[1];
        }

        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public void Dispose() => _http.Dispose();
}
