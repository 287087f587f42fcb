using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.MobileApp;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// Requests for a sign-in code, taken off the request path as the website's "my data" links are
/// (<see cref="MyData.PendingAccessLinks"/>): the API answers after the same work whether or not the address is known — it
/// only queues — so neither status, body nor time tells a client of the fund from a stranger.
/// </summary>
public sealed class PendingAccessCodes
{
    public const int Capacity = 1_000;

    private readonly Channel<AccessCodeRequest> _requests = Channel.CreateBounded<AccessCodeRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string normalizedEmail, string language) => _requests.Writer.TryWrite(new AccessCodeRequest(normalizedEmail, language));

    public ChannelReader<AccessCodeRequest> Reader => _requests.Reader;
}

public sealed record AccessCodeRequest(string NormalizedEmail, string Language);

public sealed class AccessCodeSender(PendingAccessCodes queue, IServiceScopeFactory scopes, ILogger<AccessCodeSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SendAccessCodeHandler>().HandleAsync(request, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The address is personal data: the log says only that one request failed.
                    logger.LogError(e, "A queued mobile app sign-in code request failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>Mails a new code to an address on record that still holds personal data; the code it replaces stops working.</summary>
public sealed class SendAccessCodeHandler(AppDbContext db, IBlindIndex blindIndex, Outbox outbox, MailComposer mails, IOptions<ApiOptions> options, TimeProvider clock)
{
    public async Task HandleAsync(AccessCodeRequest request, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.WithEmail(blindIndex, request.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        if (subject is not { HoldsPersonalData: true })
        {
            return;
        }

        var now = clock.GetUtcNow();
        var live = await db.AppAccessCodes.Where(c => c.SubjectId == subject.Id && c.UsedAt == null).ToListAsync(cancellationToken);
        live.ForEach(c => c.Revoke(now));
        var lifetime = options.Value.CodeLifetime;
        var (code, digits) = AppAccessCode.Issue(subject.Id, blindIndex, now, lifetime);
        db.AppAccessCodes.Add(code);
        outbox.To(subject.Id, subject.Email, MailKind.RightsResponse, mails.AppAccessCode(request.Language, digits, (int)lifetime.TotalMinutes));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Checks a typed code: right, it is used up, the access is registered as a request of the person (as opening the
/// website's link is) and a session begins; wrong, it counts against the code's few attempts. An unknown address and a
/// wrong code get the same refusal.
/// </summary>
public sealed class VerifyAccessCodeHandler(AppDbContext db, IBlindIndex blindIndex, RequestRegister requests, AppSessionTokens tokens, TimeProvider clock)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)?> HandleAsync(string normalizedEmail, string digits, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.WithEmail(blindIndex, normalizedEmail).SingleOrDefaultAsync(cancellationToken);
        // A stranger's address is hashed all the same, so the refusal costs the same work.
        var hash = AppAccessCode.Hash(blindIndex, subject?.Id ?? Guid.Empty, digits);
        if (subject is not { HoldsPersonalData: true })
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var code = await db.AppAccessCodes.Where(c => c.SubjectId == subject.Id && c.UsedAt == null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (code is null)
        {
            return null;
        }

        var check = code.Check(hash, now);
        if (check == AccessCodeCheck.Accepted)
        {
            requests.Completed(subject.Id, RequestType.Access, RequestChannel.MobileApp);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another try of the same code was counted or used it first: this one is refused.
            return null;
        }

        return check == AccessCodeCheck.Accepted ? tokens.Issue(subject.Id, code.Id) : null;
    }
}
