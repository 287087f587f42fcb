using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The real site as a separate process: the built PersonalDataPolicy.Web.dll under Kestrel on 127.0.0.1, configured by
/// environment variables as systemd would. One way to start it for the tests that need a process of their own — the crash
/// test (SIGKILL mid-burst), the proxy tests (Production behind nginx's headers), the multi-instance test — and to run the
/// operators' commands (create-admin, verify-ledger) against the same settings.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _console = new();

    private SiteProcess(int port, IReadOnlyDictionary<string, string> settings)
    {
        Port = port;
        _process = Process.Start(StartInfo(settings, port)) ?? throw new InvalidOperationException("The site did not start.");
        _process.OutputDataReceived += (_, e) => _console.Enqueue(e.Data ?? string.Empty);
        _process.ErrorDataReceived += (_, e) => _console.Enqueue(e.Data ?? string.Empty);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The process id, part of the holder name of the leases it takes.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (its log), for a failure message.</summary>
    public string Console => string.Join('\n', _console);

    /// <summary>
    /// Starts the site on <paramref name="port"/> with <paramref name="settings"/> (environment variables, e.g.
    /// "Database__Provider") and waits until /health answers 200, asked with <paramref name="host"/> when the site only
    /// answers its public host name.
    /// </summary>
    public static async Task<SiteProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings, string? host = null)
    {
        var site = new SiteProcess(port, settings);
        await site.WaitForHealthAsync(host);
        return site;
    }

    /// <summary>Runs one of the site's commands (the same program, the same settings) to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IReadOnlyDictionary<string, string> settings, string[] arguments, string? input = null)
    {
        var start = StartInfo(settings, port: null, arguments);
        start.RedirectStandardInput = true;
        using var command = Process.Start(start) ?? throw new InvalidOperationException($"{arguments[0]} did not start.");
        if (input is not null)
        {
            await command.StandardInput.WriteLineAsync(input);
        }

        command.StandardInput.Close();
        var errors = command.StandardError.ReadToEndAsync();
        var printed = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();
        return (command.ExitCode, printed + await errors);
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye (no lease released either).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitForHealthAsync(string? host)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The site exited with {_process.ExitCode} before it became healthy:\n{Console}");
            }

            try
            {
                using var probe = new HttpRequestMessage(HttpMethod.Get, "/health");
                if (host is not null)
                {
                    probe.Headers.Host = host;
                }

                return (await http.SendAsync(probe)).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, $"the site on port {Port} answers /health", TimeSpan.FromSeconds(90));
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, int? port, params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Repository.PathOf("src", "PersonalDataPolicy.Web");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(project, "bin", configuration, "net10.0", "PersonalDataPolicy.Web.dll"), .. arguments])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Nothing is edited under a running test site: no file watchers, which would spend the machine's few inotify
        // instances (128 per user, shared by every process the tests start).
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        start.Environment["DOTNET_USE_POLLING_FILE_WATCHER"] = "true";
        // Issue 13: a test process lives seconds, so instrumenting hot methods for a later optimised tier (PGO), or
        // compiling them again optimised at all (call counting), is work it never gets back (the process-level classes
        // took 60 CPU-s with call counting, 49 without); idle thread-pool workers spinning for work, and a server GC heap
        // and thread per core, take processor time from the other processes of the test on a small machine. Production
        // keeps the defaults.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        if (port is { } listening)
        {
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listening}";
        }

        return start;
    }
}
