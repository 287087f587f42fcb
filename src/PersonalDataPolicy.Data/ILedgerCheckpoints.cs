using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>
/// Where the ledger reports each commit, so that a signed checkpoint of its head is kept outside the database
/// (issue 10 §4). The site writes it to the compliance officers' checkpoint file.
/// </summary>
public interface ILedgerCheckpoints
{
    /// <summary>
    /// Called after <paramref name="head"/> and the events before it were committed. <paramref name="storedHashAt"/> reads the
    /// hash the database holds now at a sequence, so that a checkpoint is never written on top of a ledger that contradicts
    /// the previous one. Never throws: the commit has happened, and a missing checkpoint only leaves the file one step behind.
    /// </summary>
    Task CommittedAsync(ConsentEvent head, Func<long, CancellationToken, Task<string?>> storedHashAt, CancellationToken cancellationToken);
}
