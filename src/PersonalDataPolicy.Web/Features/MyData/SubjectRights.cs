using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.MyData;

public enum UpdateOutcome
{
    Updated,
    UpdatedAndEmailLinkSent,
    EmailBelongsToAnotherPerson,
}

/// <summary>
/// What a data subject may do about their own data (policy §4.2, §6.4, §6.5), whichever way they ask:
/// on the site after opening a verified link, by e-mail, or by a one-click unsubscribe. Every action is a
/// <see cref="DataSubjectRequest"/>, consent changes go to the ledger, and a confirmation mail follows,
/// all in one transaction.
/// </summary>
public sealed class SubjectRights(
    AppDbContext db,
    IBlindIndex blindIndex,
    PolicyCatalog policies,
    RequestRegister requests,
    RequestDeadlines deadlines,
    PersonalDataLifecycle lifecycle,
    ConsentLedger ledger,
    Outbox outbox,
    MailComposer mails,
    IStringLocalizer<SharedResource> t,
    IOptions<MailOptions> mailOptions,
    IOptions<RequestOptions> requestOptions,
    TimeProvider clock)
{
    public const string NextStepWithdraw = "withdraw";
    public const string NextStepEdit = "edit";

    /// <summary>
    /// Sends a single-use link to the address if it belongs to a subject who still holds personal data.
    /// Returns the subject, or null; the caller must answer the same either way (no enumeration).
    /// </summary>
    public async Task<DataSubject?> SendAccessLinkAsync(string normalizedEmail, string language, string? nextStep, RequestType? emailedRequest, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.WithEmail(blindIndex, normalizedEmail).SingleOrDefaultAsync(cancellationToken);
        if (subject is not { HoldsPersonalData: true })
        {
            return null;
        }

        var (token, raw) = VerificationToken.Issue(subject.Id, TokenPurpose.Access, clock.GetUtcNow(), mailOptions.Value.LinkLifetime, nextStep: nextStep);
        db.VerificationTokens.Add(token);
        var link = mails.Link(language, $"my-data/open?token={raw}");
        var content = emailedRequest is { } type ? mails.ConfirmEmailedRequest(language, type, link) : mails.AccessLink(language, link);
        outbox.To(subject.Id, subject.Email, MailKind.RightsResponse, content);
        if (emailedRequest is { } requested)
        {
            requests.Open(subject.Id, requested, RequestChannel.Email).Start();
        }

        await db.SaveChangesAsync(cancellationToken);
        return subject;
    }

    /// <summary>Checks a link without using it up (mail scanners open links; only the button press redeems).</summary>
    public async Task<TokenState> CheckAsync(string? rawToken, TokenPurpose purpose, CancellationToken cancellationToken) =>
        (await FindTokenAsync(rawToken, purpose, cancellationToken))?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;

    /// <summary>Uses an access link: records the access request and returns the subject to sign in.</summary>
    public async Task<(TokenState State, DataSubject? Subject, string? NextStep)> OpenAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var token = await FindTokenAsync(rawToken, TokenPurpose.Access, cancellationToken);
        var state = token?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;
        if (state != TokenState.Valid)
        {
            return (state, null, null);
        }

        var subject = await db.DataSubjects.SingleAsync(s => s.Id == token!.SubjectId, cancellationToken);
        token!.Use(clock.GetUtcNow());
        requests.Completed(subject.Id, RequestType.Access, RequestChannel.Web);
        await db.SaveChangesAsync(cancellationToken);
        return (TokenState.Valid, subject, token.NextStep);
    }

    public Task<DataSubject?> ActiveSubjectAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.DataSubjects.SingleOrDefaultAsync(s => s.Id == subjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken);

    /// <summary>Policy §6.4: names and phone change at once; a new e-mail only after its own link is opened.</summary>
    public async Task<UpdateOutcome> UpdateAsync(DataSubject subject, PersonName name, string e164Phone, string? newNormalizedEmail, string language, CancellationToken cancellationToken)
    {
        if (newNormalizedEmail is not null && newNormalizedEmail != subject.Email
            && await db.DataSubjects.WithEmail(blindIndex, newNormalizedEmail).AnyAsync(cancellationToken))
        {
            return UpdateOutcome.EmailBelongsToAnotherPerson;
        }

        var now = clock.GetUtcNow();
        subject.Correct(name, e164Phone, blindIndex, now);
        subject.ChangePreferredLanguage(language);
        requests.Completed(subject.Id, RequestType.Update, RequestChannel.Web);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(language, RequestType.Update));

        var outcome = UpdateOutcome.Updated;
        if (newNormalizedEmail is not null && newNormalizedEmail != subject.Email)
        {
            var (token, raw) = VerificationToken.Issue(subject.Id, TokenPurpose.EmailChange, now, mailOptions.Value.LinkLifetime, newEmail: newNormalizedEmail);
            db.VerificationTokens.Add(token);
            requests.Open(subject.Id, RequestType.Update, RequestChannel.Web).Start();
            outbox.To(subject.Id, newNormalizedEmail, MailKind.RightsResponse, mails.EmailChangeLink(language, mails.Link(language, $"my-data/email/confirm?token={raw}")));
            outcome = UpdateOutcome.UpdatedAndEmailLinkSent;
        }

        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Takes the new address once its owner opened the link sent to it.</summary>
    public async Task<(TokenState State, UpdateOutcome? Outcome)> ConfirmEmailChangeAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var token = await FindTokenAsync(rawToken, TokenPurpose.EmailChange, cancellationToken);
        var now = clock.GetUtcNow();
        var state = token?.StateAt(now) ?? TokenState.Unknown;
        if (state != TokenState.Valid)
        {
            return (state, null);
        }

        var subject = await db.DataSubjects.SingleAsync(s => s.Id == token!.SubjectId, cancellationToken);
        token!.Use(now);
        if (await db.DataSubjects.WithEmail(blindIndex, token.NewEmail!).AnyAsync(s => s.Id != subject.Id, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            return (TokenState.Valid, UpdateOutcome.EmailBelongsToAnotherPerson);
        }

        subject.ChangeEmail(token.NewEmail!, blindIndex, now);
        var pending = await db.Requests
            .Where(r => r.SubjectId == subject.Id && r.Type == RequestType.Update && r.Status == RequestStatus.InProgress)
            .ToListAsync(cancellationToken);
        pending.ForEach(r => r.Complete(now));
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(subject.PreferredLanguage, RequestType.Update));
        await db.SaveChangesAsync(cancellationToken);
        return (TokenState.Valid, UpdateOutcome.Updated);
    }

    /// <summary>Policy §4.2: no more marketing notifications, effective at once. Processing consent is untouched.</summary>
    public async Task OptOutAsync(DataSubject subject, RequestChannel channel, string language, CancellationToken cancellationToken)
    {
        var consents = await ConsentsAsync(subject.Id, cancellationToken);
        var events = new List<ConsentEvent>();
        if (consents.IsGranted(ConsentPurpose.MarketingNotifications))
        {
            events.Add(await WithdrawalEventAsync(subject.Id, ConsentPurpose.MarketingNotifications, channel, language, "Consent_OptOutWording", cancellationToken));
        }

        requests.Completed(subject.Id, RequestType.OptOut, channel);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(language, RequestType.OptOut));
        await ledger.CommitAsync(events, cancellationToken);
    }

    /// <summary>
    /// Policy §6.5: withdraws consent to processing (and with it marketing), blocks the data at once and
    /// schedules its destruction after the configured number of working days.
    /// </summary>
    public async Task WithdrawAsync(DataSubject subject, RequestChannel channel, string language, CancellationToken cancellationToken)
    {
        var consents = await ConsentsAsync(subject.Id, cancellationToken);
        var events = new List<ConsentEvent>();
        if (consents.IsGranted(ConsentPurpose.MarketingNotifications))
        {
            events.Add(await WithdrawalEventAsync(subject.Id, ConsentPurpose.MarketingNotifications, channel, language, "Consent_OptOutWording", cancellationToken));
        }

        events.Add(await WithdrawalEventAsync(subject.Id, ConsentPurpose.PersonalDataProcessing, channel, language, "Consent_WithdrawWording", cancellationToken));
        var now = clock.GetUtcNow();
        await lifecycle.BlockAsync(subject.Id, BlockReason.ConsentWithdrawn, now, DestructionDate(now), cancellationToken);
        requests.Completed(subject.Id, RequestType.Withdraw, channel);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(language, RequestType.Withdraw));
        await ledger.CommitAsync(events, cancellationToken);
    }

    /// <summary>The end of the configured number of working days after a withdrawal, in the fund's time zone.</summary>
    public DateTimeOffset DestructionDate(DateTimeOffset withdrawnAt) =>
        deadlines.EndOfTerm(withdrawnAt, new DeadlineTerm(requestOptions.Value.DestroyAfterWithdrawalWorkingDays, DayKind.Working));

    public Task<ConsentState> ConsentsAsync(Guid subjectId, CancellationToken cancellationToken) => ledger.StateOfAsync(subjectId, cancellationToken);

    private async Task<ConsentEvent> WithdrawalEventAsync(Guid subjectId, ConsentPurpose purpose, RequestChannel channel, string language, string wordingKey, CancellationToken cancellationToken)
    {
        var policy = await policies.CurrentAsync(cancellationToken);
        using var scope = new CultureScope(language);
        return new ConsentEvent(subjectId, purpose, ConsentAction.Withdrawn, policy.Number, policy.TextIn(language).Sha256, language,
            channel == RequestChannel.Email ? ConsentChannel.Email : channel == RequestChannel.Staff ? ConsentChannel.Staff : ConsentChannel.WebForm,
            clock.GetUtcNow(), t[wordingKey], receiptId: null);
    }

    private async Task<VerificationToken?> FindTokenAsync(string? rawToken, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(rawToken) || rawToken.Length > 100)
        {
            return null;
        }

        var hash = VerificationToken.Hash(rawToken);
        return await db.VerificationTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
    }
}
