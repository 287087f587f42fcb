namespace PersonalDataPolicy.Web.Infrastructure;

public static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false when the host is stopping, instead of an exception.</summary>
    public static async Task<bool> TickAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
