using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.MyData;

/// <summary>
/// Policy §4.2: no more marketing notifications, effective at once, whichever way the person asks (my data, the one-click
/// link of a mail, an e-mail with the marked subject). A request still awaiting its double opt-in is withdrawn too, so an
/// old confirmation link can no longer turn marketing on. Processing consent is untouched.
/// </summary>
public sealed class OptOutHandler(ConsentLedger ledger, WithdrawalEvents withdrawals, RequestRegister requests, Outbox outbox, MailComposer mails)
{
    public async Task HandleAsync(DataSubject subject, RequestChannel channel, string language, string evidence, CancellationToken cancellationToken)
    {
        var consents = await ledger.StateOfAsync(subject.Id, cancellationToken);
        var events = new List<ConsentEvent>();
        if (consents.StatusOf(ConsentPurpose.MarketingNotifications) is ConsentStatus.Granted or ConsentStatus.Requested)
        {
            events.Add(await withdrawals.OptOutAsync(subject.Id, channel, language, evidence, cancellationToken));
        }

        requests.Completed(subject.Id, RequestType.OptOut, channel);
        outbox.ToSubject(subject, MailKind.RightsResponse, mails.RequestCompleted(language, RequestType.OptOut));
        await ledger.CommitAsync(events, cancellationToken);
    }
}
