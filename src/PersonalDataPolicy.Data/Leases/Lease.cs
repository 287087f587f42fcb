namespace PersonalDataPolicy.Data.Leases;

/// <summary>
/// The right to run one singleton job (the requests mailbox poller, the maintenance worker, the scheduled ledger
/// verification) while several instances share the database: its holder renews it before it expires, and any other
/// instance takes it over by a conditional update once it has expired.
/// </summary>
public sealed class Lease
{
    public Lease(string name, string holder, DateTimeOffset expiresAt)
    {
        Name = name;
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    public string Name { get; private set; }

    public string Holder { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
}
