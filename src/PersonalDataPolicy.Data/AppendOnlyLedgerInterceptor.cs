using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>The consent ledger is append-only: the data layer refuses to save an update or a delete of an event.</summary>
public sealed class AppendOnlyLedgerInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RefuseLedgerChanges(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RefuseLedgerChanges(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void RefuseLedgerChanges(DbContext? context)
    {
        var changed = context?.ChangeTracker.Entries<ConsentEvent>()
            .FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (changed is not null)
        {
            throw new LedgerIsAppendOnlyException(changed.Entity.Sequence, changed.State.ToString());
        }
    }
}

public sealed class LedgerIsAppendOnlyException(long sequence, string attempted)
    : InvalidOperationException($"Consent ledger event #{sequence} cannot be {attempted.ToLowerInvariant()}: the ledger is append-only.");
