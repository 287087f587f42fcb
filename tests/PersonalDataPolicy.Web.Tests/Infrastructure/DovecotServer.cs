using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// A real IMAP server: Debian's Dovecot, started on 127.0.0.1 with a throw-away configuration and maildir,
/// one mailbox ("requests" / "secret"). `.ci/run` installs dovecot-imapd; without it the tests fail, loudly.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/dovecot";
    public const string User = "requests";
    public const string Password = "secret";

    private readonly string _directory = Directory.CreateTempSubdirectory("pdp-dovecot-").FullName;
    private Process? _process;

    public int Port { get; } = Ports.Free();

    public async Task StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: install Debian's dovecot-imapd (apt-get install -y dovecot-imapd).");
        }

        var mail = Path.Combine(_directory, "mail");
        Directory.CreateDirectory(mail);
        Directory.CreateDirectory(Path.Combine(_directory, "run"));
        Directory.CreateDirectory(Path.Combine(_directory, "state"));
        if (!OperatingSystem.IsWindows())
        {
            // Dovecot's mail processes run as the dovecot user: they must reach the folder and create the maildir in it.
            File.SetUnixFileMode(_directory, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(mail, (UnixFileMode)0x1FF);
        }
        var config = Path.Combine(_directory, "dovecot.conf");
        await File.WriteAllTextAsync(config, Configuration(mail));

        _process = Process.Start(new ProcessStartInfo(Executable, ["-F", "-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("dovecot did not start");
        var process = _process;
        try
        {
            await Eventually.HoldsAsync(
                async () => process.HasExited
                    ? throw new InvalidOperationException("dovecot exited: " + await process.StandardError.ReadToEndAsync() + ReadLog())
                    : await AcceptsConnectionsAsync(),
                "dovecot opens its IMAP port");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " " + ReadLog(), e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Dovecot's children may still be closing files; the temp cleaner takes the rest.
        }
        catch (UnauthorizedAccessException)
        {
            // Maildir files belong to the dovecot user when run as root.
        }
    }

    private string Configuration(string mail)
    {
        // As root, Dovecot drops privileges to its own users (made by the Debian package); as anyone else it runs as that user.
        var root = Environment.UserName == "root";
        var user = root ? "dovecot" : Environment.UserName;
        return $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{_directory}}/run
            state_dir = {{_directory}}/state
            log_path = {{_directory}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{mail}}/%u
            default_login_user = {{(root ? "dovenull" : user)}}
            default_internal_user = {{user}}
            first_valid_uid = 1
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{(root ? "dovecot" : user)}} home={{mail}}/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """;
    }

    private string ReadLog()
    {
        var log = Path.Combine(_directory, "dovecot.log");
        return File.Exists(log) ? File.ReadAllText(log) : string.Empty;
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

}
