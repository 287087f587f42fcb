using PersonalDataPolicy.Audit;

namespace PersonalDataPolicy.Subjects;

public enum BlockChange
{
    Blocked,
    Unblocked,
}

/// <summary>
/// One block or unblock of a record (Law 94-V art. 1 sub-p. 3, art. 25 p. 2 sub-p. 8): the history stays when a record is
/// unblocked. The staff member's note is free text that may name people, so it is encrypted at rest and erased with the record.
/// </summary>
public sealed class BlockHistoryEntry
{
    private BlockHistoryEntry()
    {
    }

    public BlockHistoryEntry(Guid subjectId, BlockChange change, BlockReason? reason, string? staffUserId, AccessPurpose? purpose, string? note, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Change = change;
        Reason = reason;
        StaffUserId = staffUserId;
        Purpose = purpose;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public BlockChange Change { get; private set; }

    /// <summary>For a block: why, in the fund's categories.</summary>
    public BlockReason? Reason { get; private set; }

    /// <summary>Null when the person did it themselves (a withdrawal of consent).</summary>
    public string? StaffUserId { get; private set; }

    /// <summary>The purpose the record was opened for when staff made the change.</summary>
    public AccessPurpose? Purpose { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Erasure: the entry stays (when, what, who), the free text goes.</summary>
    public bool EraseNote()
    {
        var had = Note is not null;
        Note = null;
        return had;
    }
}
