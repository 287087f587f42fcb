using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Mail;

/// <summary>
/// Delivers the outbox: claims due rows with a lease (so two dispatchers, in one process or two, never
/// send the same row), checks suppression at send time, sends, and retries failures with exponential
/// backoff and jitter until the attempts run out.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IMailTransport transport, IOptions<MailOptions> options,
    IStringLocalizer<SharedResource> t, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly Lazy<SendThread> _sendThread = new(() => new SendThread());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken) > 0)
                {
                    // Keep going while there is work; sleep only when the outbox is drained.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Outbox dispatch round failed; will retry");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: claim up to a batch of due rows and deliver them. Returns how many were claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<ConsentLedger>();
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.Status == MailStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);

        if (due.Count == 0)
        {
            return 0;
        }

        // One database connection and one relay connection for the batch: nothing to open between the relay's "250"
        // and the mark.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var session = transport.OpenSession();
        var claimed = 0;
        foreach (var id in due)
        {
            // The lease starts when the row is claimed, not when the batch was read: late in a slow batch a lease
            // counted from the batch's start could already have run out, and another instance would send the row too.
            if (await TryClaimAsync(db, id, clock.GetUtcNow(), cancellationToken))
            {
                claimed++;
                await DeliverAsync(db, ledger, session, id, cancellationToken);
            }
        }

        return claimed;
    }

    /// <summary>A conditional single-row update: only one dispatcher sees "1 row affected" for a given lease.</summary>
    private async Task<bool> TryClaimAsync(AppDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = now + options.Value.LeaseDuration;
        var rows = await db.Outbox
            .Where(m => m.Id == id && m.Status == MailStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, _owner).SetProperty(m => m.LeaseUntil, until), cancellationToken);
        return rows == 1;
    }

    /// <summary>
    /// Sent, by a conditional single-row update, right after the relay accepted: only while this dispatcher still holds the
    /// row's lease and the row is still pending (not erased meanwhile). A process killed between the relay's "250" and
    /// this update leaves the row to be sent again after its lease, with the same Message-ID (docs/deployment.md).
    /// </summary>
    private int MarkSent(AppDbContext db, Guid id, DateTimeOffset now) =>
        db.Outbox
            .Where(m => m.Id == id && m.LeaseOwner == _owner && m.Status == MailStatus.Pending)
            .ExecuteUpdate(s => s
                .SetProperty(m => m.Status, MailStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null));

    /// <summary>
    /// The send and the mark on a thread of their own, synchronously: nothing between the relay's "250" and the update
    /// waits for a free thread-pool thread, which a busy instance may not have for half a second (MultiInstanceTests saw
    /// a mail accepted 521 ms before the kill and still unmarked). A refusal throws as the transport did; a failed mark as <see cref="NotMarkedSentException"/>.
    /// </summary>
    private Task<int> SendAndMarkAsync(AppDbContext db, IMailSession session, Guid id, MimeMessage mime, CancellationToken cancellationToken) =>
        _sendThread.Value.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            session.Send(mime, cancellationToken);
            try
            {
                return MarkSent(db, id, clock.GetUtcNow());
            }
            catch (Exception e)
            {
                throw new NotMarkedSentException(e);
            }
        });

    public override void Dispose()
    {
        base.Dispose();
        if (_sendThread.IsValueCreated)
        {
            _sendThread.Value.Dispose();
        }
    }

    /// <summary>The relay accepted, the mark failed: not a failed delivery (to retry), but a failed round.</summary>
    private sealed class NotMarkedSentException(Exception inner) : Exception("The relay accepted the message; marking it sent failed.", inner);

    private async Task DeliverAsync(AppDbContext db, ConsentLedger ledger, IMailSession session, Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken);
        var suppression = await SuppressionReasonAsync(db, ledger, message, cancellationToken);
        if (suppression is not null)
        {
            message.MarkSuppressed(suppression);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Outbox message {MessageId} ({Template}) suppressed: {Reason}", message.Id, message.Template, suppression);
            return;
        }

        int marked;
        try
        {
            marked = await SendAndMarkAsync(db, session, id, ToMime(message), cancellationToken);
        }
        catch (Exception e) when (e is not NotMarkedSentException && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            var error = Describe(e);
            message.RecordFailure(error, options.Value.MaxAttempts, Backoff(message.Attempts + 1), clock.GetUtcNow());
            if (message.Status == MailStatus.Failed)
            {
                logger.LogError("Outbox message {MessageId} ({Template}) failed for good after {Attempts} attempts: {Error}", message.Id, message.Template, message.Attempts, error);
            }
            else
            {
                logger.LogWarning("Outbox message {MessageId} ({Template}) attempt {Attempts} failed: {Error}; next at {NextAttemptAt}", message.Id, message.Template, message.Attempts, error, message.NextAttemptAt);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        if (marked == 1)
        {
            logger.LogInformation("Outbox message {MessageId} ({Template}) sent after {Attempts} failed attempts", message.Id, message.Template, message.Attempts);
        }
        else
        {
            logger.LogWarning("Outbox message {MessageId} ({Template}) was accepted by the relay after its lease had passed to another dispatcher or it was erased", message.Id, message.Template);
        }
    }

    private static async Task<string?> SuppressionReasonAsync(AppDbContext db, ConsentLedger ledger, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.SubjectId is not { } subjectId)
        {
            return MailSuppression.Reason(message.Kind, null, ConsentState.From([]));
        }

        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken);
        return MailSuppression.Reason(message.Kind, subject, await ledger.StateOfAsync(subjectId, cancellationToken));
    }

    /// <summary>Exponential backoff with jitter (½ to 1½ of the step), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var step = options.Value.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        var jittered = step * (0.5 + Random.Shared.NextDouble());
        return jittered < options.Value.MaxRetryDelay ? jittered : options.Value.MaxRetryDelay;
    }

    /// <summary>No exception message: an SMTP server's reply may quote the recipient's address.</summary>
    private static string Describe(Exception e) => e switch
    {
        SmtpCommandException smtp => $"{nameof(SmtpCommandException)} {(int)smtp.StatusCode} {smtp.ErrorCode}",
        SmtpProtocolException => nameof(SmtpProtocolException),
        ServiceNotConnectedException => nameof(ServiceNotConnectedException),
        _ => e.GetType().Name,
    };

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mail = options.Value;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = message.MessageId(mail.FromAddress.Split('@')[1]).Trim('<', '>'),
            Date = message.CreatedAt,
        };
        // The sender's name in the mail's language, like the rest of it.
        using (new CultureScope(message.Language))
        {
            mime.From.Add(new MailboxAddress(t["Mail_SenderName"].Value, mail.FromAddress));
        }

        mime.To.Add(MailboxAddress.Parse(message.ToAddress));
        if (message.ListUnsubscribe is { } listUnsubscribe)
        {
            // RFC 2369 and RFC 8058: mail clients offer "unsubscribe"; a one-click POST to the URL opts out at once.
            mime.Headers.Add("List-Unsubscribe", listUnsubscribe);
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        mime.Body.Headers.Replace(HeaderId.ContentLanguage, message.Language);
        return mime;
    }

    /// <summary>
    /// One thread kept for the dispatcher's sends and marks, so that nothing between the relay's 250 and the mark waits
    /// for the thread pool. Issue 13: before, a long-running task started and tore down an OS thread for every mail — one
    /// per appeal; a profile under the appeal load lost glibc's free/consolidate (8 % of its samples) with this change.
    /// </summary>
    private sealed class SendThread : IDisposable
    {
        private readonly BlockingCollection<Action> _work = new();

        public SendThread() =>
            new Thread(() =>
            {
                foreach (var work in _work.GetConsumingEnumerable())
                {
                    work();
                }
            }) { IsBackground = true, Name = "Outbox send" }.Start();

        public Task<T> Run<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task;
        }

        public void Dispose() => _work.CompleteAdding();
    }
}
