using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Core.Tests;

public sealed class SubjectLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private sealed class FakeIndex : IBlindIndex
    {
        public string Compute(BlindIndexKind kind, string normalizedValue) => $"{kind}:{normalizedValue}";
    }

    private static DataSubject Subject() =>
        new(new PersonName("Әбенова", "Дана", "Серікқызы"), "dana@example.kz", "+77012345678", "kk", new FakeIndex(), Now);

    private static ConsentState Granted(params ConsentPurpose[] purposes) => ConsentState.From(purposes
        .Select(p => new ConsentEvent(Guid.NewGuid(), p, ConsentAction.Granted, 1, new string('a', 64), "kk", ConsentChannel.WebForm, Now, "wording", null))
        .ToList());

    [Fact]
    public void Blocking_keeps_the_data_and_stops_processing_until_unblocked()
    {
        var subject = Subject();

        subject.Block(BlockReason.InaccuracyReported, Now);

        Assert.Equal(SubjectStatus.Blocked, subject.Status);
        Assert.Equal("Әбенова", subject.LastName);
        Assert.False(subject.IsActive);
        Assert.True(subject.HoldsPersonalData);
        subject.Unblock(Now.AddHours(1));
        Assert.Equal(SubjectStatus.Active, subject.Status);
        Assert.Null(subject.BlockReason);
    }

    [Fact]
    public void Withdrawal_blocking_carries_the_destruction_date()
    {
        var subject = Subject();

        subject.Block(BlockReason.ConsentWithdrawn, Now, Now.AddDays(1));

        Assert.Equal(Now.AddDays(1), subject.DestructionDueAt);
    }

    [Fact]
    public void Depersonalizing_replaces_every_personal_datum_and_unlinks_the_indexes()
    {
        var subject = Subject();

        subject.Depersonalize(Now);

        Assert.Equal(SubjectStatus.Depersonalized, subject.Status);
        Assert.Equal((string.Empty, string.Empty, (string?)null, string.Empty, string.Empty), (subject.LastName, subject.FirstName, subject.Patronymic, subject.Email, subject.Phone));
        Assert.DoesNotContain("dana@example.kz", subject.EmailIndex, StringComparison.Ordinal);
        Assert.DoesNotContain("+77012345678", subject.PhoneIndex, StringComparison.Ordinal);
        Assert.Equal("kk", subject.PreferredLanguage);
        Assert.Equal(Now, subject.ErasedAt);
    }

    [Fact]
    public void Destroying_is_final_and_nothing_can_be_done_to_the_data_afterwards()
    {
        var subject = Subject();
        subject.Block(BlockReason.ConsentWithdrawn, Now, Now.AddDays(1));

        subject.Destroy(Now.AddDays(1));

        Assert.Equal(SubjectStatus.Destroyed, subject.Status);
        Assert.Null(subject.DestructionDueAt);
        Assert.False(subject.HoldsPersonalData);
        Assert.Throws<InvalidOperationException>(() => subject.Destroy(Now));
        Assert.Throws<InvalidOperationException>(() => subject.Depersonalize(Now));
        Assert.Throws<InvalidOperationException>(() => subject.Block(BlockReason.StaffDecision, Now));
        Assert.Throws<InvalidOperationException>(() => subject.Unblock(Now));
        Assert.Throws<InvalidOperationException>(() => subject.ChangeEmail("x@example.kz", new FakeIndex(), Now));
    }

    [Theory]
    [InlineData(MailKind.RightsResponse, SubjectStatus.Blocked, false, null)]
    [InlineData(MailKind.Notification, SubjectStatus.Active, false, null)]
    [InlineData(MailKind.Notification, SubjectStatus.Blocked, false, "subject blocked")]
    [InlineData(MailKind.Marketing, SubjectStatus.Active, true, null)]
    [InlineData(MailKind.Marketing, SubjectStatus.Active, false, "opted out of marketing")]
    [InlineData(MailKind.Marketing, SubjectStatus.Blocked, true, "subject blocked")]
    [InlineData(MailKind.RightsResponse, SubjectStatus.Destroyed, false, "personal data erased")]
    public void Mail_is_suppressed_at_send_time_by_the_subjects_state_and_consents(MailKind kind, SubjectStatus status, bool marketing, string? reason)
    {
        var subject = Subject();
        if (status == SubjectStatus.Blocked)
        {
            subject.Block(BlockReason.StaffDecision, Now);
        }
        else if (status == SubjectStatus.Destroyed)
        {
            subject.Destroy(Now);
        }

        var consents = marketing ? Granted(ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications) : Granted(ConsentPurpose.PersonalDataProcessing);

        Assert.Equal(reason, MailSuppression.Reason(kind, subject, consents));
    }

    [Fact]
    public void Marketing_after_a_withdrawal_of_processing_consent_is_suppressed_even_with_a_stale_marketing_grant()
    {
        var subject = Subject();
        var events = new List<ConsentEvent>
        {
            new(subject.Id, ConsentPurpose.PersonalDataProcessing, ConsentAction.Granted, 1, new string('a', 64), "kk", ConsentChannel.WebForm, Now, "w", null),
            new(subject.Id, ConsentPurpose.MarketingNotifications, ConsentAction.Granted, 1, new string('a', 64), "kk", ConsentChannel.WebForm, Now, "w", null),
            new(subject.Id, ConsentPurpose.PersonalDataProcessing, ConsentAction.Withdrawn, 1, new string('a', 64), "kk", ConsentChannel.Email, Now, "w", null),
        };
        for (var i = 0; i < events.Count; i++)
        {
            events[i].ChainTo(i == 0 ? null : events[i - 1]);
        }

        Assert.Equal("no consent to processing", MailSuppression.Reason(MailKind.Marketing, subject, ConsentState.From(events)));
    }

    [Fact]
    public void A_verification_token_is_stored_as_a_hash_works_once_and_expires()
    {
        var (token, raw) = VerificationToken.Issue(Guid.NewGuid(), TokenPurpose.Access, Now, TimeSpan.FromMinutes(30));

        Assert.Equal(VerificationToken.Hash(raw), token.TokenHash);
        Assert.DoesNotContain(raw, token.TokenHash, StringComparison.Ordinal);
        Assert.True(raw.Length >= 43);
        Assert.Equal(TokenState.Valid, token.StateAt(Now.AddMinutes(29)));
        Assert.Equal(TokenState.Expired, token.StateAt(Now.AddMinutes(31)));
        token.Use(Now.AddMinutes(1));
        Assert.Equal(TokenState.AlreadyUsed, token.StateAt(Now.AddMinutes(2)));
        Assert.Throws<InvalidOperationException>(() => token.Use(Now.AddMinutes(2)));
    }
}
