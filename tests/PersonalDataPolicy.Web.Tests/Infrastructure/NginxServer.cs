using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Debian's nginx on 127.0.0.1, running the example of deploy/nginx exactly as written but for what must differ on a test
/// machine: its listening ports, the upstream instances' addresses, the certificate (a throw-away self-signed one made
/// here) and the file paths, all under a throw-away prefix. Each substitution must find its text in the example, so the
/// example and this fixture cannot drift apart in silence. `.ci/run` installs nginx; without it the tests fail, loudly,
/// unless <see cref="SkipVariable"/> says to skip them.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string SkipVariable = "PDP_TESTS_SKIP_NGINX";
    public const string PublicHost = "msqory.kz";
    private const string Binary = "/usr/sbin/nginx";

    private readonly string _directory;
    private readonly Process _process;

    private NginxServer(string directory, int httpsPort, int httpPort, X509Certificate2 certificate)
    {
        _directory = directory;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
        Certificate = certificate;
        var start = new ProcessStartInfo(Binary, ["-p", directory + "/", "-c", Path.Combine(directory, "nginx.conf"), "-e", ErrorLog])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
    }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    /// <summary>The certificate nginx presents: a client trusts exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The example's access log (its own format: no visitor address, no query string).</summary>
    public string AccessLog => Path.Combine(_directory, "access.log");

    private string ErrorLog => Path.Combine(_directory, "error.log");

    /// <summary>Why the nginx tests are skipped, or null when they run (nginx missing is a failure, not a skip).</summary>
    public static string? SkipReason => Environment.GetEnvironmentVariable(SkipVariable) == "1"
        ? $"{SkipVariable}=1: the nginx example is not exercised on this machine"
        : null;

    /// <summary>Starts nginx with the example's configuration in front of the instances on <paramref name="upstreamPorts"/> (127.0.0.1).</summary>
    public static async Task<NginxServer> StartAsync(IReadOnlyList<int> upstreamPorts)
    {
        ThrowIfMissing();

        // A port free a moment ago may be taken by the time nginx binds it; other ones are tried then.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("pdp-nginx-").FullName;
            var server = Configure(directory, Ports.Free(), Ports.Free(), upstreamPorts);
            try
            {
                await server.WaitUntilListeningAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.ReadErrorLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Fails at once, before anything is started for nginx to stand in front of.</summary>
    public static void ThrowIfMissing()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} not found: install nginx (.ci/run does: apt-get install -y nginx), or set {SkipVariable}=1 to skip the tests of the nginx example.");
        }
    }

    /// <summary>The access log's lines written after <paramref name="skip"/> lines.</summary>
    public IReadOnlyList<string> LogLines(int skip = 0)
    {
        using var reader = new StreamReader(new FileStream(AccessLog, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines.Skip(skip).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The master and its worker.
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed: the temp cleaner takes it.
        }
    }

    private static NginxServer Configure(string directory, int httpsPort, int httpPort, IReadOnlyList<int> upstreamPorts)
    {
        // nginx's workers run as an unprivileged user when the tests run as root: they must reach the temp folders.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var certificate = SelfSignedCertificate();
        File.WriteAllText(Path.Combine(directory, "fullchain.pem"), certificate.ExportCertificatePem());
        using (var key = certificate.GetRSAPrivateKey()!)
        {
            File.WriteAllText(Path.Combine(directory, "privkey.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var example = Repository.PathOf("deploy", "nginx");
        File.Copy(Path.Combine(example, "pdp-proxy.conf"), Path.Combine(directory, "pdp-proxy.conf"));
        var site = File.ReadAllText(Path.Combine(example, "personal-data-policy.conf"));
        site = Substitute(site, "listen 80;", $"listen 127.0.0.1:{httpPort};");
        site = Substitute(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;");
        site = Substitute(site, "server 127.0.0.1:5080 ", $"server 127.0.0.1:{upstreamPorts[0]} ");
        site = Substitute(site, "server 10.0.0.12:5080 ", $"server 127.0.0.1:{upstreamPorts[1]} ");
        site = Substitute(site, "/etc/ssl/msqory.kz/", directory + "/");
        site = Substitute(site, "/var/log/nginx/personal-data-policy.log", Path.Combine(directory, "access.log"));
        site = Substitute(site, "include snippets/pdp-proxy.conf;", $"include {Path.Combine(directory, "pdp-proxy.conf")};");
        File.WriteAllText(Path.Combine(directory, "personal-data-policy.conf"), site);

        // What Debian's /etc/nginx/nginx.conf provides around conf.d/*.conf, reduced to a test's needs.
        var temp = Directory.CreateDirectory(Path.Combine(directory, "temp")).FullName;
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                default_type application/octet-stream;
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{directory}}/personal-data-policy.conf;
            }
            """);
        return new NginxServer(directory, httpsPort, httpPort, certificate);
    }

    private static string Substitute(string configuration, string example, string replacement) =>
        configuration.Contains(example, StringComparison.Ordinal)
            ? configuration.Replace(example, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx/personal-data-policy.conf no longer contains \"{example}\": update {nameof(NginxServer)} with the example.");

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={PublicHost}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(PublicHost);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    private Task WaitUntilListeningAsync() => Eventually.HoldsAsync(async () =>
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:\n{await _process.StandardError.ReadToEndAsync()}{ReadErrorLog()}");
        }

        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync("127.0.0.1", HttpsPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }, $"nginx listens on 127.0.0.1:{HttpsPort}", TimeSpan.FromSeconds(30));

    private string ReadErrorLog() => File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : string.Empty;
}
