namespace PersonalDataPolicy.Data;

/// <summary>Copies of sent mails kept outside the database (the pickup folder in development and tests).</summary>
public interface IMailCopies
{
    /// <summary>Deletes the copies of these outbox messages; returns how many files were deleted.</summary>
    int Erase(IReadOnlyCollection<Guid> outboxMessageIds);
}
