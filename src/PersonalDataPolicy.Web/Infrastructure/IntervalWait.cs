namespace PersonalDataPolicy.Web.Infrastructure;

public static class IntervalWait
{
    /// <summary>
    /// Waits one interval from now; false when the host is stopping, instead of an exception. Not a
    /// <see cref="PeriodicTimer"/>: after the clock jumps (a suspended machine, a test's clock moved a month) a periodic
    /// timer owes one tick per missed interval and the job ran hundreds of times at once; this runs it once.
    /// </summary>
    public static async Task<bool> WaitIntervalAsync(this TimeProvider clock, TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
