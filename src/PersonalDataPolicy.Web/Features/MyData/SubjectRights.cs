using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.MyData;

public enum UpdateOutcome
{
    Updated,
    UpdatedAndEmailLinkSent,
    EmailBelongsToAnotherPerson,
}

/// <summary>
/// Proving the address and correcting the data (policy §6.4): the single-use links of "my data", and updates of
/// names, phone and e-mail. Each action is a <see cref="DataSubjectRequest"/> with its confirmation mail, in one
/// commit. Consent changes have their own handlers (<see cref="OptOutHandler"/>, <see cref="WithdrawConsentHandler"/>).
/// </summary>
public sealed class SubjectRights(
    AppDbContext db,
    IBlindIndex blindIndex,
    ConfirmationLinks links,
    RequestRegister requests,
    Outbox outbox,
    MailComposer mails,
    PublicLinks publicLinks,
    IOptions<MailOptions> mailOptions,
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
        var link = publicLinks.Action("Open", "MyData", new { culture = language, token = raw });
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
        (await links.FindAsync(rawToken, purpose, cancellationToken))?.StateAt(clock.GetUtcNow()) ?? TokenState.Unknown;

    /// <summary>Ends every "my data" session of the person, on every device: their sessions live only as long as their link rows.</summary>
    public Task EndSessionsAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.VerificationTokens.Where(t => t.SubjectId == subjectId && t.Purpose == TokenPurpose.Access).ExecuteDeleteAsync(cancellationToken);

    /// <summary>A session is alive while the link that opened it is on record (sign-out and erasure remove it).</summary>
    public Task<bool> SessionIsAliveAsync(Guid subjectId, Guid linkId, CancellationToken cancellationToken) =>
        db.VerificationTokens.AnyAsync(t => t.Id == linkId && t.SubjectId == subjectId && t.Purpose == TokenPurpose.Access && t.UsedAt != null, cancellationToken);

    /// <summary>Uses an access link: records the access request and returns the subject to sign in.</summary>
    /// <remarks>Of several presses at once exactly one opens a session: the link is used up by one conditional update.</remarks>
    public async Task<(TokenState State, DataSubject? Subject, VerificationToken? Link)> OpenAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var (state, token) = await links.RedeemAsync(rawToken, TokenPurpose.Access, cancellationToken);
        if (token is null)
        {
            return (state, null, null);
        }

        var subject = await db.DataSubjects.SingleAsync(s => s.Id == token.SubjectId, cancellationToken);
        requests.Completed(subject.Id, RequestType.Access, RequestChannel.Web);
        await db.SaveChangesAsync(cancellationToken);
        return (TokenState.Valid, subject, token);
    }

    public Task<DataSubject?> ActiveSubjectAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.DataSubjects.SingleOrDefaultAsync(s => s.Id == subjectId && (s.Status == SubjectStatus.Active || s.Status == SubjectStatus.Blocked), cancellationToken);

    /// <summary>
    /// Policy §6.4: names and phone change at once; a new e-mail only after its own link is opened. An address that
    /// is on another person's record is not taken and gets no mail (its owner is not troubled, the person typing it
    /// learns nothing): the caller answers as for a free address (docs/security.md, account enumeration).
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(DataSubject subject, PersonName name, string e164Phone, string? newNormalizedEmail, string language, CancellationToken cancellationToken)
    {
        var emailChanges = newNormalizedEmail is not null && newNormalizedEmail != subject.Email;
        var taken = emailChanges && await db.DataSubjects.WithEmail(blindIndex, newNormalizedEmail!).AnyAsync(cancellationToken);
        var now = clock.GetUtcNow();
        subject.Correct(name, e164Phone, blindIndex, now);
        subject.ChangePreferredLanguage(language);
        requests.Completed(subject.Id, RequestType.Update, RequestChannel.Web);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(language, RequestType.Update));

        var outcome = UpdateOutcome.Updated;
        if (emailChanges)
        {
            // A taken address goes through the same steps, so the answer, the overview and the time are the same;
            // only its link is neither kept nor sent, and the change stays unconfirmed like a link never opened.
            var (token, raw) = VerificationToken.Issue(subject.Id, TokenPurpose.EmailChange, now, mailOptions.Value.LinkLifetime, newEmail: newNormalizedEmail!);
            var confirmation = mails.EmailChangeLink(language, publicLinks.Action("ConfirmEmail", "MyData", new { culture = language, token = raw }));
            requests.Open(subject.Id, RequestType.Update, RequestChannel.Web).Start();
            if (!taken)
            {
                db.VerificationTokens.Add(token);
                outbox.To(subject.Id, newNormalizedEmail!, MailKind.RightsResponse, confirmation);
            }

            outcome = taken ? UpdateOutcome.EmailBelongsToAnotherPerson : UpdateOutcome.UpdatedAndEmailLinkSent;
        }

        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Takes the new address once its owner opened the link sent to it.</summary>
    public async Task<(TokenState State, UpdateOutcome? Outcome)> ConfirmEmailChangeAsync(string? rawToken, CancellationToken cancellationToken)
    {
        var (state, token) = await links.RedeemAsync(rawToken, TokenPurpose.EmailChange, cancellationToken);
        if (token is null)
        {
            return (state, null);
        }

        var now = clock.GetUtcNow();
        var subject = await db.DataSubjects.SingleAsync(s => s.Id == token.SubjectId, cancellationToken);
        if (await db.DataSubjects.WithEmail(blindIndex, token.NewEmail!).AnyAsync(s => s.Id != subject.Id, cancellationToken))
        {
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
}
