using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.Mail;

/// <summary>
/// Puts mails into the outbox of the caller's unit of work: they are saved, or not, with the change that
/// caused them, and the dispatcher delivers them afterwards.
/// </summary>
public sealed class Outbox(AppDbContext db, TimeProvider clock)
{
    public OutboxMessage ToSubject(DataSubject subject, MailKind kind, MailContent content, string? listUnsubscribe = null) =>
        To(subject.Id, subject.Email, kind, content, listUnsubscribe);

    public OutboxMessage To(Guid? subjectId, string address, MailKind kind, MailContent content, string? listUnsubscribe = null)
    {
        var message = new OutboxMessage(subjectId, kind, address, content.Language, content.Template, content.Subject, content.Html, content.Text, listUnsubscribe, clock.GetUtcNow());
        db.Outbox.Add(message);
        return message;
    }
}
