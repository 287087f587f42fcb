using System.Globalization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Features.Ledger;

namespace PersonalDataPolicy.Web.Commands;

/// <summary>
/// `dotnet run --project src/PersonalDataPolicy.Web -- verify-ledger`: for operators and cron. Verifies the consent ledger
/// against its newest signed checkpoint and changes nothing; exit 0 when intact, 1 at the first broken place.
/// </summary>
public static class VerifyLedgerCommand
{
    public const string Name = "verify-ledger";

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var processorTime = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var result = await services.GetRequiredService<VerifyLedgerHandler>().VerifyAsync(CancellationToken.None);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var processorSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Events checked: {result.EventsChecked}"));
        // How long a full verification takes is an operator's question (cron windows); bench/pages.py reads it too. The processor
        // time (all threads) tells on a busy machine what the wall time cannot.
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Verified in {seconds:0.000} s ({result.EventsChecked / Math.Max(seconds, 1e-9):0} events/s), {processorSeconds:0.000} s of processor time"));
        await output.WriteLineAsync(result.Head is { } head ? string.Create(CultureInfo.InvariantCulture, $"Head: #{head.Sequence} {head.Hash}") : "Head: none (the ledger is empty)");
        await output.WriteLineAsync(result.Checkpoint is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"Last checkpoint: #{c.Sequence} {c.Hash} at {c.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ({LedgerCheckpoint.Describe(c.Source)})")
            : "Last checkpoint: none yet (only edits inside the chain can be detected)");
        if (result.Break is { } broken)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"BROKEN at event #{broken.Sequence} ({broken.Fault}): {broken.Reason}"));
            return 1;
        }

        await output.WriteLineAsync("Ledger intact.");
        return 0;
    }
}
