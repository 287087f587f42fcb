using System.Reflection;
using System.Text;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>
/// The verifier as the database readers drive it: rows as stored bytes, cut into chunks of <see cref="LedgerChunk.Capacity"/>
/// that are checked on several cores, each with only the event before it carried across the border.
/// </summary>
public sealed class StoredLedgerTests
{
    private const int Border = LedgerChunk.Capacity; // index of the first event of the second chunk

    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Wordings =
    [
        "I agree",
        "Мен дербес деректерімді өңдеуге келісемін",
        "Согласи\u0306е на обработку", // й decomposed, as some keyboards send it: hashed in NFC
    ];

    public enum Tamper
    {
        Edited,
        Removed,
        SwappedWithNext,
        ResealedOwnHash,
    }

    [Theory]
    [InlineData(Tamper.Edited, Border - 1, LedgerFault.ContentChanged, Border, Border - 1)] // the last event of the first chunk
    [InlineData(Tamper.Edited, Border, LedgerFault.ContentChanged, Border + 1, Border)] // the first of the second
    [InlineData(Tamper.Removed, Border - 1, LedgerFault.SequenceGap, Border + 1, Border - 1)] // the first chunk ends one too far
    [InlineData(Tamper.Removed, Border, LedgerFault.SequenceGap, Border + 2, Border)] // the second starts one too far
    [InlineData(Tamper.SwappedWithNext, Border - 1, LedgerFault.SequenceGap, Border + 1, Border - 1)] // the two events across the border
    [InlineData(Tamper.SwappedWithNext, Border, LedgerFault.SequenceGap, Border + 2, Border)] // the first two of the second chunk
    [InlineData(Tamper.ResealedOwnHash, Border - 1, LedgerFault.BrokenLink, Border + 1, Border)] // only the link across the border shows it
    [InlineData(Tamper.ResealedOwnHash, Border - 2, LedgerFault.BrokenLink, Border, Border - 1)] // the link to the last of a chunk
    public void A_break_at_a_chunk_border_is_found_at_its_own_place(Tamper tamper, int index, LedgerFault fault, long brokenSequence, long checkedBefore)
    {
        var chain = Chain(2 * Border + 10);
        Apply(tamper, chain, index);

        var result = LedgerVerifier.Verify(new StoredRows(chain), [], _ => false);

        Assert.Equal((fault, brokenSequence), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(checkedBefore, result.EventsChecked);
        Assert.Equal(chain[^1].Sequence, result.Head!.Sequence);
    }

    [Theory]
    [InlineData(Tamper.Edited, 99, LedgerFault.ContentChanged, 100, 99)] // the last event of the first stretch
    [InlineData(Tamper.Edited, 100, LedgerFault.ContentChanged, 101, 100)] // the first of the second
    [InlineData(Tamper.Removed, 100, LedgerFault.SequenceGap, 102, 100)] // the second stretch starts one too far
    [InlineData(Tamper.ResealedOwnHash, 99, LedgerFault.BrokenLink, 101, 100)] // only the link between the stretches shows it
    public void A_break_where_two_stretches_read_on_their_own_threads_meet_is_found_at_its_own_place(
        Tamper tamper, int index, LedgerFault fault, long brokenSequence, long checkedBefore)
    {
        var chain = Chain(300);
        Apply(tamper, chain, index);

        var result = LedgerVerifier.Verify(InStretches(chain), [], _ => false);

        Assert.Equal((fault, brokenSequence), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(checkedBefore, result.EventsChecked);
        Assert.Equal(300, result.Head!.Sequence);
    }

    [Fact]
    public void Stretches_that_hold_join_into_one_chain_and_an_emptied_stretch_is_a_gap()
    {
        var chain = Chain(300);

        var intact = LedgerVerifier.Verify(InStretches(chain), [], _ => false);
        var emptied = LedgerVerifier.Verify(InStretches([.. chain.Where(e => e.Sequence is <= 100 or > 200)]), [], _ => false);

        Assert.True(intact.IsIntact, intact.Problem);
        Assert.Equal((300L, chain[^1].Hash), (intact.EventsChecked, intact.Head!.Hash));
        Assert.Equal((LedgerFault.SequenceGap, 201L, 100L), (emptied.Break!.Fault, emptied.Break.Sequence, emptied.EventsChecked));
    }

    [Fact]
    public void Stored_rows_give_the_hashes_the_events_were_sealed_with()
    {
        // More distinct wordings than the verifier remembers, so that some are normalized again after being forgotten.
        var chain = Chain(3 * Border / 2, distinctWordings: 200);

        var result = LedgerVerifier.Verify(new StoredRows(chain), [], _ => false);

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(chain.Count, result.EventsChecked);
        Assert.Equal(new LedgerHead(chain[^1].Sequence, chain[^1].Hash), result.Head);
    }

    [Fact]
    public void A_checkpoint_in_the_middle_of_a_chunk_is_held_against_its_event()
    {
        var chain = Chain(Border + 100);
        var genuine = new LedgerCheckpoint(Border + 50, chain[Border + 49].Hash, Start, "signature", CheckpointSource.AuditLog);
        var rewritten = genuine with { Hash = new string('f', 64) };

        Assert.True(LedgerVerifier.Verify(new StoredRows(chain), [genuine], _ => true).IsIntact);
        var result = LedgerVerifier.Verify(new StoredRows(chain), [rewritten], _ => true);
        Assert.Equal((LedgerFault.DiffersFromCheckpoint, Border + 50L), (result.Break!.Fault, result.Break.Sequence));
    }

    private static List<ConsentEvent> Chain(int count, int distinctWordings = 3)
    {
        var events = new List<ConsentEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var wording = Wordings[i % Wordings.Length] + (distinctWordings > Wordings.Length ? $" ({i % distinctWordings})" : "");
            var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1,
                new string('a', 64), "kk", ConsentChannel.WebForm, Start.AddSeconds(i), wording, i % 2 == 0 ? null : $"r{i}",
                i % 3 == 0 ? null : $"form:r{i}");
            consentEvent.ChainTo(events.LastOrDefault());
            events.Add(consentEvent);
        }

        return events;
    }

    /// <summary>Cut by sequence as the SQLite reader cuts the ledger: up to #100, #101–#200, and the rest.</summary>
    private static IStoredLedger[] InStretches(List<ConsentEvent> chain) =>
    [
        new StoredRows(chain.Where(e => e.Sequence <= 100)),
        new StoredRows(chain.Where(e => e.Sequence is > 100 and <= 200)),
        new StoredRows(chain.Where(e => e.Sequence > 200)),
    ];

    private static void Apply(Tamper tamper, List<ConsentEvent> chain, int index)
    {
        switch (tamper)
        {
            case Tamper.Edited:
                Set(chain[index], nameof(ConsentEvent.PolicyVersion), 7);
                break;
            case Tamper.Removed:
                chain.RemoveAt(index);
                break;
            case Tamper.SwappedWithNext:
                (chain[index], chain[index + 1]) = (chain[index + 1], chain[index]);
                break;
            case Tamper.ResealedOwnHash:
                Set(chain[index], nameof(ConsentEvent.Wording), "I agreed to everything");
                Set(chain[index], nameof(ConsentEvent.Hash), chain[index].ComputeHash());
                break;
        }
    }

    private static void Set(ConsentEvent consentEvent, string property, object value) =>
        typeof(ConsentEvent).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(consentEvent, value);

    /// <summary>What a database reader hands over: the stored text as UTF-8, the wording as stored (not normalized).</summary>
    private sealed class StoredRows(IEnumerable<ConsentEvent> events) : IStoredLedger
    {
        private readonly IEnumerator<ConsentEvent> _events = events.GetEnumerator();

        public void ReadInto(LedgerChunk chunk)
        {
            while (!chunk.IsFull && _events.MoveNext())
            {
                var e = _events.Current;
                chunk.Add(new StoredConsentEvent
                {
                    Id = e.Id,
                    Sequence = e.Sequence,
                    SubjectId = e.SubjectId,
                    Purpose = Utf8(e.Purpose.ToString()),
                    Action = Utf8(e.Action.ToString()),
                    PolicyVersion = e.PolicyVersion,
                    PolicyTextSha256 = Utf8(e.PolicyTextSha256),
                    Language = Utf8(e.Language),
                    Channel = Utf8(e.Channel.ToString()),
                    OccurredAtUnixMilliseconds = e.OccurredAt.ToUnixTimeMilliseconds(),
                    Wording = Utf8(e.Wording),
                    ReceiptId = Utf8(e.ReceiptId ?? ""),
                    HasEvidence = e.Evidence is not null,
                    Evidence = Utf8(e.Evidence ?? ""),
                    PreviousHash = Utf8(e.PreviousHash),
                    Hash = Utf8(e.Hash),
                });
            }
        }

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    }
}
