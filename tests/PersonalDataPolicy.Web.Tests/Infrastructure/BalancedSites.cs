using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Npgsql;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The deployment of docs/deployment.md on one machine: two site processes (Production) on one PostgreSQL database, each
/// with its own database account (so that one alone can lose the database), behind nginx running deploy/nginx, with the
/// site's proxy settings as the example documents them (`ReverseProxy:KnownProxies` = nginx's address, 127.0.0.1).
/// </summary>
public sealed class BalancedSites : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("pdp-balanced-").FullName;
    private readonly string _blindIndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly SiteProcess?[] _sites = new SiteProcess?[2];
    private readonly int[] _ports = [Infrastructure.Ports.Free(), Infrastructure.Ports.Free()];
    private readonly string[] _accounts = ["pdp_" + Guid.NewGuid().ToString("N")[..8], "pdp_" + Guid.NewGuid().ToString("N")[..8]];
    private string? _database;

    public NginxServer Nginx { get; private set; } = null!;

    /// <summary>Why the tests are skipped (see <see cref="NginxServer.SkipReason"/>), or null.</summary>
    public string? SkipReason { get; } = NginxServer.SkipReason;

    public IReadOnlyList<int> Ports => _ports;

    public SiteProcess Site(int instance) => _sites[instance] ?? throw new InvalidOperationException($"Instance {instance} is not running.");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        NginxServer.ThrowIfMissing();
        _database = PostgreSqlServer.Shared.CreateDatabase();
        foreach (var account in _accounts)
        {
            // Superusers, for brevity: what matters here is that each instance signs in as itself.
            await AdministerAsync($"CREATE ROLE \"{account}\" LOGIN SUPERUSER");
        }

        // The first instance migrates; the second starts once it is healthy (docs/deployment.md, "Migrations").
        await StartAsync(0);
        await StartAsync(1);
        Nginx = await NginxServer.StartAsync(_ports);
    }

    /// <summary>Starts (or restarts, on its port) one instance and waits until it is healthy.</summary>
    public async Task StartAsync(int instance)
    {
        if (_sites[instance] is { } old)
        {
            await old.DisposeAsync();
        }

        _sites[instance] = await SiteProcess.StartAsync(_ports[instance], Settings(instance), NginxServer.PublicHost);
    }

    /// <summary>SIGKILL, as a crash.</summary>
    public Task KillAsync(int instance) => Site(instance).KillAsync();

    /// <summary>
    /// The instance's database account may no longer sign in, and its open connections are ended: to that instance the
    /// database is unreachable, to the other nothing changed.
    /// </summary>
    public async Task CutDatabaseAsync(int instance)
    {
        await AdministerAsync($"ALTER ROLE \"{_accounts[instance]}\" NOLOGIN");
        await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{_accounts[instance]}'");
    }

    public Task RestoreDatabaseAsync(int instance) => AdministerAsync($"ALTER ROLE \"{_accounts[instance]}\" LOGIN");

    /// <summary>The site's readiness (/health) asked of the instance itself, around nginx.</summary>
    public async Task<HttpStatusCode> ReadinessAsync(int instance)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var probe = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_ports[instance]}/health");
        probe.Headers.Host = NginxServer.PublicHost;

        // As nginx asks (HTTPS): the answer a moment ago is kept per scheme, and this is the one nginx would get.
        probe.Headers.Add("X-Forwarded-Proto", "https");
        try
        {
            return (await http.SendAsync(probe)).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }

    /// <summary>
    /// A visitor at <paramref name="address"/> (127.0.0.x: each test its own, so that nginx's per-address budgets do not
    /// mix), speaking HTTPS to nginx as https://msqory.kz and trusting only the fixture's certificate.
    /// </summary>
    public HttpClient Visitor(string address, CookieContainer? cookies = null)
    {
        var local = IPAddress.Parse(address);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == Nginx.Certificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{NginxServer.PublicHost}:{Nginx.HttpsPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        foreach (var site in _sites)
        {
            if (site is not null)
            {
                await site.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            PostgreSqlServer.Shared.DropDatabase(_database);
            foreach (var account in _accounts)
            {
                await AdministerAsync($"DROP ROLE IF EXISTS \"{account}\"");
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp cleaner takes it.
        }
    }

    private static async Task AdministerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlServer.Shared.ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Dictionary<string, string> Settings(int instance)
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgreSqlServer.Shared.ConnectionString(_database!)) { Username = _accounts[instance], Timeout = 3 };
        return PlaceholderOperator.AddTo(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Default"] = connection.ConnectionString,
            ["Database__DataDirectory"] = Path.Combine(_root, $"instance-{instance}"),
            ["PersonalData__BlindIndexKey"] = _blindIndexKey,
            ["PersonalData__KeyEncryptionCertificatePath"] = KeyRingCertificate.WriteTo(Path.Combine(_root, "certificate")),
            ["PersonalData__KeyEncryptionCertificatePassword"] = KeyRingCertificate.Password,
            ["Mail__PickupDirectory"] = Path.Combine(_root, $"mail-{instance}"),
            ["Mail__PublicBaseUrl"] = $"https://{NginxServer.PublicHost}",
            // As docs/security.md ("Behind the proxy") and the example document it: nginx's address, the right-most entry.
            ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
            ["ReverseProxy__ForwardLimit"] = "1",
            // The forms' budgets are nginx's here (the site's own stay as a second line, out of the way of these tests);
            // the API's small budget is how a test sees which address the site took for the visitor.
            ["RateLimiting__AppealsPerMinute"] = "1000",
            ["RateLimiting__MyDataLinksPerMinute"] = "1000",
            ["RateLimiting__SignInsPerMinute"] = "1000",
            ["RateLimiting__PostsPerMinute"] = "1000",
            ["RateLimiting__ApiRequestsPerMinute"] = ApiRequestsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Forms__MinimumFillSeconds"] = "0",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        });
    }

    /// <summary>The site's API budget per visitor address and instance in these tests.</summary>
    public const int ApiRequestsPerMinute = 3;
}
