using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Mail;

/// <summary>Hands finished messages to the world: an SMTP server or a pickup folder.</summary>
public interface IMailTransport
{
    /// <summary>A session for one batch of the outbox: with SMTP, one connection for all its messages.</summary>
    IMailSession OpenSession();
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Returns as soon as the receiver accepted the message (SMTP: the relay's "250" after DATA). Synchronous: the caller
    /// marks the message sent on the same thread, with no wait for a free thread between the acceptance and the mark.
    /// </summary>
    void Send(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public IMailSession OpenSession() => new Session(options.Value.Smtp);

    /// <summary>
    /// Connects at the first message and keeps the connection for the rest of the batch; QUIT only when the batch is done,
    /// after every accepted message was marked sent (docs/deployment.md, "Mail sent once").
    /// </summary>
    private sealed class Session(SmtpSettings smtp) : IMailSession
    {
        private SmtpClient? _client;

        public void Send(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                if (_client is not { IsConnected: true })
                {
                    _client?.Dispose();
                    _client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
                    _client.Connect(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
                    if (!string.IsNullOrEmpty(smtp.UserName))
                    {
                        _client.Authenticate(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
                    }
                }

                _client.Send(message, cancellationToken);
            }
            catch
            {
                // A connection in an unknown state is not reused: the next message starts a new one.
                _client?.Dispose();
                _client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or TimeoutException)
            {
                // Every message was accepted already; a lost goodbye changes nothing.
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}

/// <summary>
/// Writes one .eml file per message, atomically, so a developer can open the mails. The files are copies of personal data:
/// an erasure deletes the person's (<see cref="IMailCopies"/>), found by the outbox id in the name.
/// </summary>
public sealed class PickupDirectoryMailTransport(IOptions<MailOptions> options, IHostEnvironment environment) : IMailTransport, IMailSession, IMailCopies
{
    public string Directory => Path.GetFullPath(options.Value.PickupDirectory, environment.ContentRootPath);

    public IMailSession OpenSession() => this;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Send(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Trim('<', '>').Split('@')[0]}.eml";
        var temporary = Path.Combine(Directory, name + ".tmp");
        message.WriteTo(temporary, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
    }

    public int Erase(IReadOnlyCollection<Guid> outboxMessageIds)
    {
        if (outboxMessageIds.Count == 0 || !System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var erased = 0;
        foreach (var id in outboxMessageIds)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, $"*-{id:N}.eml*"))
            {
                // Zeros first, so the file system's free blocks do not keep the mail (best effort on copy-on-write disks).
                var length = new FileInfo(file).Length;
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.Write(new byte[length]);
                    stream.Flush(flushToDisk: true);
                }

                File.Delete(file);
                erased++;
            }
        }

        return erased;
    }
}
