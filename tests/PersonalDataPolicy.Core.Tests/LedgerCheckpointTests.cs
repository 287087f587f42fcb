using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>
/// Every way of tampering with the end of the ledger, held against a signed checkpoint. The signature is modelled by an
/// HMAC under a key the "attacker" of these tests does not have.
/// </summary>
public sealed class LedgerCheckpointTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 30, 15, 123, TimeSpan.Zero);
    private static readonly byte[] SiteKey = RandomNumberGenerator.GetBytes(32);

    private static List<ConsentEvent> Chain(int count)
    {
        var events = new List<ConsentEvent>();
        for (var i = 0; i < count; i++)
        {
            var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1,
                new string('a', 64), "ru", ConsentChannel.WebForm, Start.AddMinutes(i), "Согласен", receiptId: null);
            consentEvent.ChainTo(events.LastOrDefault());
            events.Add(consentEvent);
        }

        return events;
    }

    private static string Signature(string signedText) => Convert.ToBase64String(HMACSHA256.HashData(SiteKey, Encoding.UTF8.GetBytes(signedText)));

    private static bool IsGenuine(LedgerCheckpoint checkpoint) => checkpoint.Signature == Signature(checkpoint.SignedText);

    private static LedgerCheckpoint SignedAt(ConsentEvent head, CheckpointSource source = CheckpointSource.File, int minutesLater = 1) =>
        Signed(head.Sequence, head.Hash, source, minutesLater);

    private static LedgerCheckpoint Signed(long sequence, string hash, CheckpointSource source = CheckpointSource.File, int minutesLater = 1)
    {
        var at = Start.AddMinutes(sequence + minutesLater);
        return new LedgerCheckpoint(sequence, hash, at, Signature(LedgerCheckpoint.Canonical(sequence, hash, at)), source);
    }

    private static LedgerVerification Verify(IEnumerable<ConsentEvent> events, params LedgerCheckpoint[] checkpoints) =>
        LedgerVerifier.Verify(events, checkpoints, IsGenuine);

    [Fact]
    public void An_untouched_ledger_matches_its_checkpoint_and_reports_head_and_checkpoint()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);

        var result = Verify(chain, checkpoint);

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(5, result.EventsChecked);
        Assert.Equal(new LedgerHead(5, chain[^1].Hash), result.Head);
        Assert.Equal(checkpoint, result.Checkpoint);
    }

    [Fact]
    public void Events_committed_after_the_checkpoint_are_fine()
    {
        var chain = Chain(5);

        var result = Verify(chain, SignedAt(chain[2]));

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(3, result.Checkpoint!.Sequence);
    }

    [Fact]
    public void Deleting_the_newest_events_passes_the_chain_but_not_the_checkpoint()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);
        chain.RemoveRange(3, 2);

        Assert.True(LedgerVerifier.Verify(chain).IsIntact); // what the chain alone cannot see
        var result = Verify(chain, checkpoint);

        Assert.Equal(LedgerFault.Truncated, result.Break!.Fault);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(3, result.EventsChecked);
        Assert.Equal(3, result.Head!.Sequence);
        Assert.Contains("truncated", result.Problem);
        Assert.Contains("events #4–#5 are missing", result.Problem);
    }

    [Fact]
    public void Truncating_the_ledger_to_nothing_is_caught()
    {
        var checkpoint = SignedAt(Chain(3)[^1]);

        var result = Verify([], checkpoint);

        Assert.Equal(LedgerFault.Truncated, result.Break!.Fault);
        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal(0, result.EventsChecked);
        Assert.Null(result.Head);
        Assert.Contains("is empty", result.Problem);
    }

    [Fact]
    public void A_tail_rewritten_with_recomputed_hashes_differs_from_the_checkpoint()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);
        Set(chain[2], nameof(ConsentEvent.Action), ConsentAction.Withdrawn);
        Rechain(chain, from: 2);

        Assert.True(LedgerVerifier.Verify(chain).IsIntact); // a perfect chain again, so only the checkpoint can tell
        var result = Verify(chain, checkpoint);

        Assert.Equal(LedgerFault.DiffersFromCheckpoint, result.Break!.Fault);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Equal(4, result.EventsChecked);
        Assert.Contains("rewritten", result.Problem);
    }

    [Fact]
    public void A_rewritten_tail_grown_past_the_checkpoint_still_differs_from_it()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[2]);
        Set(chain[1], nameof(ConsentEvent.Wording), "Согласен на всё");
        Rechain(chain, from: 1);

        var result = Verify(chain, checkpoint);

        Assert.Equal((LedgerFault.DiffersFromCheckpoint, 3L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(5, result.Head!.Sequence);
    }

    [Fact]
    public void With_a_checkpoint_per_commit_the_earliest_one_the_rewrite_contradicts_names_the_place()
    {
        var chain = Chain(5);
        var checkpoints = new[] { SignedAt(chain[1]), SignedAt(chain[3]), SignedAt(chain[4]) };
        Set(chain[2], nameof(ConsentEvent.Wording), "Согласен на всё");
        Rechain(chain, from: 2);

        var result = Verify(chain, checkpoints);

        Assert.Equal((LedgerFault.DiffersFromCheckpoint, 4L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(5, result.Checkpoint!.Sequence);
    }

    [Fact]
    public void Two_swapped_rows_are_caught_at_the_first_of_them()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);
        (chain[1], chain[3]) = (chain[3], chain[1]);

        var result = Verify(chain, checkpoint);

        Assert.Equal((LedgerFault.SequenceGap, 4L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(1, result.EventsChecked);
    }

    [Fact]
    public void Two_rows_whose_places_were_swapped_in_the_database_are_caught_by_their_content()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);
        // What "UPDATE ... SET Sequence" on two rows does: each row keeps its content and takes the other's place.
        Set(chain[1], nameof(ConsentEvent.Sequence), 4L);
        Set(chain[3], nameof(ConsentEvent.Sequence), 2L);
        (chain[1], chain[3]) = (chain[3], chain[1]);

        var result = Verify(chain, checkpoint);

        Assert.Equal((LedgerFault.BrokenLink, 2L), (result.Break!.Fault, result.Break.Sequence));
    }

    [Fact]
    public void An_edit_in_place_is_caught_at_that_event_before_the_checkpoint_is_looked_at()
    {
        var chain = Chain(5);
        var checkpoint = SignedAt(chain[^1]);
        Set(chain[3], nameof(ConsentEvent.PolicyVersion), 7);

        var result = Verify(chain, checkpoint);

        Assert.Equal((LedgerFault.ContentChanged, 4L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(3, result.EventsChecked);
        Assert.Equal(5, result.Head!.Sequence);
    }

    [Fact]
    public void A_forged_checkpoint_is_rejected_reported_and_never_used_as_the_last_checkpoint()
    {
        var chain = Chain(5);
        var genuine = SignedAt(chain[^1]);
        var forged = new LedgerCheckpoint(9, new string('f', 64), Start.AddHours(1), Signature("9|something else|0"), CheckpointSource.AuditLog);

        var result = Verify(chain, genuine, forged);

        Assert.False(IsGenuine(forged));
        Assert.Equal(LedgerFault.ForgedCheckpoint, result.Break!.Fault);
        Assert.Equal(9, result.FirstBrokenSequence);
        Assert.Contains("invalid signature", result.Problem);
        Assert.Contains("audit log", result.Problem);
        Assert.Equal(genuine, result.Checkpoint);
        Assert.Equal(5, result.EventsChecked);
    }

    [Fact]
    public void A_checkpoint_forged_to_match_a_rewritten_tail_does_not_hide_the_genuine_one()
    {
        var chain = Chain(5);
        var genuine = SignedAt(chain[^1]);
        Set(chain[4], nameof(ConsentEvent.Action), ConsentAction.Withdrawn);
        Rechain(chain, from: 4);
        var matchingForgery = genuine with { Hash = chain[4].Hash, At = genuine.At.AddMinutes(1) };

        var result = Verify(chain, genuine, matchingForgery);

        Assert.Equal((LedgerFault.DiffersFromCheckpoint, 5L), (result.Break!.Fault, result.Break.Sequence));
        Assert.Equal(genuine, result.Checkpoint);
    }

    [Fact]
    public void The_newest_genuine_checkpoint_wins_wherever_it_is_kept()
    {
        var chain = Chain(6);
        var file = SignedAt(chain[5], CheckpointSource.File);
        var audit = SignedAt(chain[3], CheckpointSource.AuditLog);
        chain.RemoveAt(5);

        var fileAhead = Verify(chain, audit, file);
        var fileBehind = Verify(chain, SignedAt(chain[1], CheckpointSource.File), SignedAt(chain[4], CheckpointSource.AuditLog));

        Assert.Equal((LedgerFault.Truncated, CheckpointSource.File), (fileAhead.Break!.Fault, fileAhead.Checkpoint!.Source));
        Assert.True(fileBehind.IsIntact, fileBehind.Problem);
        Assert.Equal((5L, CheckpointSource.AuditLog), (fileBehind.Checkpoint!.Sequence, fileBehind.Checkpoint.Source));
    }

    [Fact]
    public void Without_a_checkpoint_only_the_chain_is_checked()
    {
        var result = Verify(Chain(3));

        Assert.True(result.IsIntact);
        Assert.Null(result.Checkpoint);
        Assert.Equal(3, result.Head!.Sequence);
    }

    [Fact]
    public void The_signed_text_is_sequence_hash_and_unix_milliseconds()
    {
        var at = new DateTimeOffset(2026, 11, 25, 14, 30, 15, 123, TimeSpan.FromHours(5));

        Assert.Equal("12|abc|1795599015123", LedgerCheckpoint.Canonical(12, "abc", at));
    }

    /// <summary>What an attacker with the database does after changing an event: recompute every hash from there on.</summary>
    private static void Rechain(List<ConsentEvent> chain, int from)
    {
        for (var i = from; i < chain.Count; i++)
        {
            Set(chain[i], nameof(ConsentEvent.PreviousHash), i == 0 ? ConsentEvent.GenesisHash : chain[i - 1].Hash);
            Set(chain[i], nameof(ConsentEvent.Hash), chain[i].ComputeHash());
        }
    }

    private static void Set(ConsentEvent consentEvent, string property, object value) =>
        typeof(ConsentEvent).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(consentEvent, value);
}
