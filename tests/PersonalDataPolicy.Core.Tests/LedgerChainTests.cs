using System.Reflection;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Core.Tests;

public sealed class LedgerChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 30, 15, 123, TimeSpan.FromHours(5));

    private static List<ConsentEvent> Chain(int count)
    {
        var events = new List<ConsentEvent>();
        for (var i = 0; i < count; i++)
        {
            var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1,
                new string('a', 64), "kk", ConsentChannel.WebForm, Start.AddMinutes(i), "Келісемін", receiptId: null);
            consentEvent.ChainTo(events.LastOrDefault());
            events.Add(consentEvent);
        }

        return events;
    }

    [Theory]
    [InlineData("Келісемін", null, null)]
    [InlineData("Согласи\u0306е", "rcpt-1", "form:rcpt-1;gpc")] // й in decomposed form: hashed as NFC
    [InlineData(null, "rcpt-2", "link:00000000-0000-0000-0000-000000000001")] // wording longer than the stack buffer
    public void The_hash_is_sha256_of_the_previous_hash_and_the_canonical_form(string? wording, string? receiptId, string? evidence)
    {
        wording ??= string.Concat(Enumerable.Repeat("Мен дербес деректерімді өңдеуге келісемін. ", 80));
        var first = Chain(1)[0];
        var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.MarketingNotifications, ConsentAction.Requested, 12,
            new string('b', 64), "ru", ConsentChannel.Email, Start, wording, receiptId, evidence);
        consentEvent.ChainTo(first);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(first.Hash + "\n" + consentEvent.CanonicalForm())));
        Assert.Equal(expected, consentEvent.Hash);
        Assert.True(consentEvent.HashMatches());
        Set(consentEvent, nameof(ConsentEvent.Hash), expected[..63] + (expected[63] == '0' ? '1' : '0'));
        Assert.False(consentEvent.HashMatches());
    }

    [Theory]
    [InlineData(4095)] // the last event of the first chunk the verifier hashes on another core
    [InlineData(4096)] // the first of the second
    [InlineData(9999)] // in the short chunk at the end
    public void An_edit_is_found_at_its_own_place_however_the_ledger_is_cut_into_chunks(int index)
    {
        var chain = Chain(10_000);
        Set(chain[index], nameof(ConsentEvent.Wording), "I agreed to everything");

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(LedgerFault.ContentChanged, result.Break!.Fault);
        Assert.Equal(index + 1, result.FirstBrokenSequence);
        Assert.Equal(index, result.EventsChecked);
        Assert.Equal(10_000, result.Head!.Sequence);
    }

    [Fact]
    public void A_chain_built_by_appending_verifies_and_counts_every_event()
    {
        var result = LedgerVerifier.Verify(Chain(5));

        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EventsChecked);
    }

    [Fact]
    public void The_first_event_links_to_the_genesis_hash_and_each_next_to_the_one_before()
    {
        var chain = Chain(3);

        Assert.Equal(ConsentEvent.GenesisHash, chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal([1L, 2, 3], chain.Select(e => e.Sequence));
        Assert.Equal(64, chain[2].Hash.Length);
    }

    [Fact]
    public void Changing_a_field_of_an_event_breaks_the_chain_at_that_event()
    {
        var chain = Chain(4);
        typeof(ConsentEvent).GetProperty(nameof(ConsentEvent.Action))!.SetValue(chain[2], ConsentAction.Withdrawn);

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.EventsChecked);
        Assert.Contains("hash", result.Problem);
    }

    [Fact]
    public void Recomputing_a_tampered_events_own_hash_still_breaks_the_next_link()
    {
        var chain = Chain(4);
        Set(chain[1], nameof(ConsentEvent.Wording), "I agreed to everything");
        Set(chain[1], nameof(ConsentEvent.Hash), chain[1].ComputeHash());

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("previous-hash", result.Problem);
    }

    [Fact]
    public void A_removed_event_is_detected_as_a_gap()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);

        var result = LedgerVerifier.Verify(chain);

        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("sequence", result.Problem);
    }

    [Fact]
    public void An_event_chained_again_after_a_clash_takes_the_new_place_and_a_new_seal()
    {
        var chain = Chain(2);
        var late = Chain(1)[0];
        var firstSeal = late.Hash;

        late.ChainTo(chain[1]); // what the ledger does when a concurrent append took place #1 first

        Assert.Equal((3L, chain[1].Hash), (late.Sequence, late.PreviousHash));
        Assert.NotEqual(firstSeal, late.Hash);
        Assert.True(LedgerVerifier.Verify([.. chain, late]).IsIntact);
    }

    [Fact]
    public void Time_is_kept_in_utc_to_the_millisecond_so_the_hash_survives_a_database_round_trip()
    {
        var consentEvent = new ConsentEvent(Guid.NewGuid(), ConsentPurpose.MarketingNotifications, ConsentAction.Withdrawn, 2,
            new string('b', 64), "ru", ConsentChannel.Email, Start.AddTicks(5_678), "Отказываюсь", null);

        Assert.Equal(TimeSpan.Zero, consentEvent.OccurredAt.Offset);
        Assert.Equal(Start.ToUniversalTime(), consentEvent.OccurredAt);
    }

    private static void Set(ConsentEvent consentEvent, string property, object value) =>
        typeof(ConsentEvent).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(consentEvent, value);
}
