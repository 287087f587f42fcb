using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Retention;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>Issue 10: consent only from the owner of the address, withdrawal as Law 94-V art. 8 has it.</summary>
public sealed class ConsentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Person = Guid.NewGuid();

    private sealed class FakeIndex : IBlindIndex
    {
        public string Compute(BlindIndexKind kind, string normalizedValue) => $"{kind}:{normalizedValue}";
    }

    private static ConsentEvent Event(ConsentPurpose purpose, ConsentAction action, string? evidence = null) =>
        new(Person, purpose, action, 1, new string('a', 64), "ru", ConsentChannel.WebForm, Now, "wording", "receipt", evidence);

    private static List<ConsentEvent> Chained(params ConsentEvent[] events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            events[i].ChainTo(i == 0 ? null : events[i - 1]);
        }

        return [.. events];
    }

    [Fact]
    public void A_requested_marketing_consent_grants_nothing_and_no_marketing_mail_may_go()
    {
        var state = ConsentState.From(Chained(Event(ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted), Event(ConsentPurpose.MarketingNotifications, ConsentAction.Requested)));
        var subject = new DataSubject(new PersonName("Иванов", "Иван", null), "ivan@example.kz", "+77012345678", "ru", new FakeIndex(), Now);

        Assert.Equal(ConsentStatus.Requested, state.StatusOf(ConsentPurpose.MarketingNotifications));
        Assert.False(state.IsGranted(ConsentPurpose.MarketingNotifications));
        Assert.Equal("opted out of marketing", MailSuppression.Reason(MailKind.Marketing, subject, state));
    }

    [Fact]
    public void A_confirmation_by_link_grants_the_same_words_under_the_same_text_with_the_link_as_evidence()
    {
        var requested = Event(ConsentPurpose.MarketingNotifications, ConsentAction.Requested, "form:receipt");
        var linkId = Guid.NewGuid();
        var owner = Guid.NewGuid();

        var granted = requested.ConfirmedBy(owner, linkId, "receipt", Now.AddHours(2));

        Assert.Equal((owner, ConsentAction.Granted, ConsentChannel.Email, $"link:{linkId:D}"), (granted.SubjectId, granted.Action, granted.Channel, granted.Evidence));
        Assert.Equal((requested.Wording, requested.PolicyVersion, requested.PolicyTextSha256), (granted.Wording, granted.PolicyVersion, granted.PolicyTextSha256));
    }

    [Fact]
    public void Evidence_is_part_of_the_hash_and_events_without_it_keep_the_hash_they_had()
    {
        var without = Event(ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted);
        Assert.DoesNotContain("evidence", without.CanonicalForm());

        var with = Event(ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, "form:x");
        with.ChainTo(null);
        typeof(ConsentEvent).GetProperty(nameof(ConsentEvent.Evidence))!.SetValue(with, "link:forged");
        Assert.NotEqual(with.Hash, with.ComputeHash());
    }

    [Fact]
    public void An_unconfirmed_sender_claims_nothing_of_the_owner_and_cannot_be_corrected_or_blocked_as_a_record()
    {
        var owner = Guid.NewGuid();
        var sender = DataSubject.Unconfirmed(new PersonName("Чужой", "Кто-то", null), "owner@example.kz", "+77012345678", "ru", owner, Now);

        Assert.Equal((SubjectStatus.Unconfirmed, owner), (sender.Status, sender.ClaimedSubjectId));
        Assert.StartsWith("unconfirmed:", sender.EmailIndex, StringComparison.Ordinal);
        Assert.NotEqual(new FakeIndex().Compute(BlindIndexKind.Email, "owner@example.kz"), sender.EmailIndex);
        Assert.False(sender.IsActive);
        Assert.Throws<InvalidOperationException>(() => sender.Correct(new PersonName("A", "B", null), "+77012345679", new FakeIndex(), Now));
        Assert.Throws<InvalidOperationException>(() => sender.Block(BlockReason.StaffDecision, Now));
        sender.Destroy(Now);
        Assert.Equal(SubjectStatus.Destroyed, sender.Status);
    }

    [Fact]
    public void Unblocking_after_a_withdrawal_is_refused_and_the_destruction_date_stands()
    {
        var subject = new DataSubject(new PersonName("Иванов", "Иван", null), "ivan@example.kz", "+77012345678", "ru", new FakeIndex(), Now);
        subject.Block(BlockReason.ConsentWithdrawn, Now, Now.AddDays(1));
        subject.Block(BlockReason.StaffDecision, Now.AddHours(1));

        Assert.Equal(BlockReason.ConsentWithdrawn, subject.BlockReason);
        Assert.Throws<InvalidOperationException>(() => subject.Unblock(Now.AddHours(2)));
        Assert.Equal((SubjectStatus.Blocked, Now.AddDays(1)), (subject.Status, subject.DestructionDueAt));
    }

    [Fact]
    public void Unblocking_after_a_staff_block_keeps_a_destruction_date_that_was_set()
    {
        var subject = new DataSubject(new PersonName("Иванов", "Иван", null), "ivan@example.kz", "+77012345678", "ru", new FakeIndex(), Now);
        subject.Block(BlockReason.StaffDecision, Now, Now.AddDays(30));

        subject.Unblock(Now.AddHours(1));

        Assert.Equal((SubjectStatus.Active, Now.AddDays(30)), (subject.Status, subject.DestructionDueAt));
    }

    [Fact]
    public void Without_a_law_to_keep_anything_everything_goes_after_the_short_delay()
    {
        var earliest = Now.AddDays(1);
        var plan = RetentionSchedule.Plan([], Now, earliest, Now.AddDays(-10));

        Assert.Equal(earliest, plan.DestroyAt);
        Assert.Empty(plan.Holds);
    }

    [Fact]
    public void Destruction_waits_for_the_last_legal_basis_and_each_kept_category_says_why_and_until_when()
    {
        var lastAppeal = Now.AddDays(-100);
        RetentionRule[] rules =
        [
            new(DataCategory.Appeals, TimeSpan.FromDays(5 * 365), RetentionStart.LastAppeal, "Archival list, item 12"),
            new(DataCategory.ContactDetails, TimeSpan.FromDays(30), RetentionStart.Withdrawal, "Some law, art. 3"),
        ];

        var plan = RetentionSchedule.Plan(rules, Now, Now.AddDays(1), lastAppeal);

        Assert.Equal(lastAppeal.AddDays(5 * 365), plan.DestroyAt);
        Assert.Equal([DataCategory.ContactDetails, DataCategory.Appeals], plan.Holds.Select(h => h.Category));
        Assert.Equal("Archival list, item 12", plan.Holds[1].LegalReference);
    }

    [Fact]
    public void A_rule_about_appeals_binds_only_a_person_who_sent_one()
    {
        RetentionRule[] rules = [new(DataCategory.Appeals, TimeSpan.FromDays(365), RetentionStart.LastAppeal, "Archival list, item 12")];

        var plan = RetentionSchedule.Plan(rules, Now, Now.AddDays(1), lastAppealAt: null);

        Assert.Empty(plan.Holds);
        Assert.Equal(Now.AddDays(1), plan.DestroyAt);
    }
}
