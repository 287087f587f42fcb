using System.Diagnostics;
using System.Text;
using Npgsql;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server: Debian's binaries, a throw-away cluster in a temp folder, listening on 127.0.0.1 on a free
/// port (its socket in the same folder) with trust authentication and without fsync. One per test run, started at first
/// use; the <see cref="OnPostgreSql"/> stops it after its last class, and process exit if that never comes.
/// Each site gets a database of its own. `.ci/run` installs the postgresql package; without it the tests fail, loudly.
/// </summary>
public sealed class PostgreSqlServer
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(60);
    private static readonly Lock SharedLock = new();
    private static PostgreSqlServer? _shared;

    private readonly string _directory;
    private readonly string _data;
    private readonly string _log;
    private volatile bool _stopped;

    private PostgreSqlServer()
    {
        _directory = Directory.CreateTempSubdirectory("pdp-postgres-").FullName;
        _data = Path.Combine(_directory, "data");
        _log = Path.Combine(_directory, "postgres.log");
    }

    public int Port { get; private set; }

    /// <summary>The server of this test run, started on first use.</summary>
    public static PostgreSqlServer Shared
    {
        get
        {
            lock (SharedLock)
            {
                if (_shared is null)
                {
                    var server = new PostgreSqlServer();
                    try
                    {
                        server.Start();
                    }
                    catch
                    {
                        server.Stop();
                        throw;
                    }

                    AppDomain.CurrentDomain.ProcessExit += (_, _) => StopShared();
                    _shared = server;
                }

                return _shared;
            }
        }
    }

    public static void StopShared()
    {
        lock (SharedLock)
        {
            _shared?.Stop();
            _shared = null;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 15,
        CommandTimeout = 60,
        MaxPoolSize = 30,
    }.ConnectionString;

    /// <summary>A new, empty database; the site's migrations create its tables.</summary>
    public string CreateDatabase()
    {
        var name = "pdp_" + Guid.NewGuid().ToString("N");
        Administer($"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Closes the pooled connections to the database and drops it, so a long run does not pile up clusters of data.</summary>
    public void DropDatabase(string name)
    {
        if (_stopped)
        {
            return;
        }

        using (var pooled = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        Administer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>The files the server keeps data in (tables and write-ahead log), for tests that look for leftovers.</summary>
    public IEnumerable<string> DataFiles() =>
        Directory.EnumerateFiles(Path.Combine(_data, "base"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(_data, "pg_wal"), "*", SearchOption.TopDirectoryOnly));

    private void Administer(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private void Start()
    {
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user the Debian package creates.
            Run("chown", ["postgres:postgres", _directory]);
        }

        RunAsPostgres("initdb", ["-D", _data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // A port free a moment ago may be taken by the time the server binds it; another one is tried then.
        for (var attempt = 1; ; attempt++)
        {
            Port = Ports.Free();
            try
            {
                RunAsPostgres("pg_ctl", ["-D", _data, "-l", _log, "-w", "-t", "60", "-o", Options(), "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && ReadLog().Contains("could not bind", StringComparison.Ordinal))
            {
            }
        }
    }

    private string Options() => string.Join(' ',
        $"-h 127.0.0.1 -p {Port} -k {_directory}",
        // Nothing here must survive a crash; the tests want a quick server, not a durable one.
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "-c max_connections=200 -c shared_buffers=32MB");

    private void Stop()
    {
        _stopped = true;
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                RunAsPostgres("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Already gone, or not stopping: the folder is removed anyway, and the temp cleaner takes what remains.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still being closed; the temp cleaner takes the rest.
        }
    }

    private void RunAsPostgres(string tool, string[] arguments)
    {
        var executable = Binary(tool);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", executable, .. arguments]);
        }
        else
        {
            Run(executable, arguments);
        }
    }

    private void Run(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        if (!process.WaitForExit(CommandDeadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {CommandDeadline.TotalSeconds} s.\n{output}{ReadLog()}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}.\n{output}{ReadLog()}");
        }
    }

    /// <summary>The newest PostgreSQL installed by Debian's packages (/usr/lib/postgresql/&lt;version&gt;/bin).</summary>
    private static string Binary(string tool)
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Path: Path.Combine(d, "bin", tool)))
                .Where(c => File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"{tool} not found under {root}: install Debian's PostgreSQL (apt-get install -y postgresql).");
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(_log) ? File.ReadAllText(_log) : string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}

/// <summary>
/// The test classes that run on PostgreSQL: one after another (one server, a modest number of connections), beside the
/// SQLite classes; the server stops after the last of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OnPostgreSql : ICollectionFixture<OnPostgreSql.ServerLifetime>
{
    public const string Name = "PostgreSQL";

    public sealed class ServerLifetime : IDisposable
    {
        public void Dispose() => PostgreSqlServer.StopShared();
    }
}
