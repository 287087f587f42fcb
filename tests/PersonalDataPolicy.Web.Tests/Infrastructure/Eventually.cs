using System.Diagnostics;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The one way the tests wait: poll the condition they need until it holds or the deadline passes, then fail with what was
/// awaited. Never sleep a fixed time and then assert that something did not happen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task HoldsAsync(Func<bool> condition, string awaited, TimeSpan? limit = null) =>
        HoldsAsync(() => Task.FromResult(condition()), awaited, limit);

    public static Task HoldsAsync(Func<Task<bool>> condition, string awaited, TimeSpan? limit = null) =>
        FoundAsync(async () => await condition() ? awaited : null, awaited, limit);

    /// <summary>Polls until the probe returns an object (not null) and returns it.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, string awaited, TimeSpan? limit = null)
        where T : class
    {
        var deadline = limit ?? DefaultLimit;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Not reached within {deadline.TotalSeconds:0.#} s: {awaited}.");
            }

            await Task.Delay(Interval);
        }
    }
}
