using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PersonalDataPolicy.Data;

/// <summary>
/// The consent ledger and the audit log are append-only: the data layer refuses to save an update or a
/// delete of any <see cref="IAppendOnly"/> record.
/// </summary>
public sealed class AppendOnlyInterceptor : SaveChangesInterceptor
{
    /// <summary>Stateless: one instance serves every context.</summary>
    public static readonly AppendOnlyInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RefuseChanges(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RefuseChanges(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void RefuseChanges(DbContext? context)
    {
        var changed = context?.ChangeTracker.Entries()
            .FirstOrDefault(e => e.Entity is IAppendOnly && e.State is EntityState.Modified or EntityState.Deleted);
        if (changed is not null)
        {
            throw new AppendOnlyViolationException(changed.Entity.GetType().Name, changed.State.ToString());
        }
    }
}

public sealed class AppendOnlyViolationException(string record, string attempted)
    : InvalidOperationException($"A {record} cannot be {attempted.ToLowerInvariant()}: it is append-only.");
