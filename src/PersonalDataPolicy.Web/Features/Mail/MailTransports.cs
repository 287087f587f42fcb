using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Mail;

/// <summary>Hands a finished message to the world: an SMTP server or a pickup folder.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        // The relay has accepted the message: return at once, so that the outbox marks it sent while QUIT goes out. A
        // crash between the relay's "250" and that mark is the one moment a mail can be sent twice; this keeps it short.
        _ = QuitAsync(client);
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException or TimeoutException)
        {
            // The message was accepted already; a lost goodbye changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}

/// <summary>
/// Writes one .eml file per message, atomically, so a developer can open the mails. The files are copies of personal data:
/// an erasure deletes the person's (<see cref="IMailCopies"/>), found by the outbox id in the name.
/// </summary>
public sealed class PickupDirectoryMailTransport(IOptions<MailOptions> options, IHostEnvironment environment) : IMailTransport, IMailCopies
{
    public string Directory => Path.GetFullPath(options.Value.PickupDirectory, environment.ContentRootPath);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Trim('<', '>').Split('@')[0]}.eml";
        var temporary = Path.Combine(Directory, name + ".tmp");
        await message.WriteToAsync(temporary, cancellationToken);
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
