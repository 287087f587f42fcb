using System.Threading.Channels;

namespace PersonalDataPolicy.Web.Features.MyData;

/// <summary>
/// Requests for a "my data" link, taken off the request path: the page answers after the same work whether or not
/// the address is known (it only queues), and <see cref="AccessLinkSender"/> looks the address up, issues the link
/// and puts the mail into the outbox. Nothing to measure from outside tells a client of the fund from a stranger.
/// </summary>
/// <remarks>
/// In memory and bounded: a restart loses requests not yet handled (the person asks again), and a flood beyond the
/// bound is dropped rather than held; the rate limits in front keep honest use far below it.
/// </remarks>
public sealed class PendingAccessLinks
{
    public const int Capacity = 1_000;

    private readonly Channel<AccessLinkRequest> _requests = Channel.CreateBounded<AccessLinkRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string normalizedEmail, string language) => _requests.Writer.TryWrite(new AccessLinkRequest(normalizedEmail, language));

    public ChannelReader<AccessLinkRequest> Reader => _requests.Reader;
}

public sealed record AccessLinkRequest(string NormalizedEmail, string Language);

/// <summary>Handles the queued link requests one by one, each in its own unit of work.</summary>
public sealed class AccessLinkSender(PendingAccessLinks queue, IServiceScopeFactory scopes, ILogger<AccessLinkSender> logger) : BackgroundService
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
                    await scope.ServiceProvider.GetRequiredService<SubjectRights>()
                        .SendAccessLinkAsync(request.NormalizedEmail, request.Language, nextStep: null, emailedRequest: null, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The address is personal data: the log says only that one request failed.
                    logger.LogError(e, "A queued my-data link request failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
