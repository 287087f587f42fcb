using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Features.MyData;

public sealed record MyDataViewModel(
    DataSubject Subject,
    IReadOnlyList<Appeal> Appeals,
    IReadOnlyList<ConsentEvent> ConsentHistory,
    IReadOnlyList<DataSubjectRequest> Requests,
    string? NoticeKey)
{
    public ConsentState Consents { get; } = ConsentState.From(ConsentHistory);

    /// <summary>Everything held about the person, as the "my data" page and the mobile app show it.</summary>
    public static async Task<MyDataViewModel> LoadAsync(AppDbContext db, DataSubject subject, string? noticeKey, CancellationToken cancellationToken) => new(
        subject,
        await db.Appeals.AsNoTracking().Where(a => a.SubjectId == subject.Id).OrderByDescending(a => a.ReceivedAt).ToListAsync(cancellationToken),
        await db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == subject.Id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken),
        await db.Requests.AsNoTracking().Where(r => r.SubjectId == subject.Id).OrderByDescending(r => r.ReceivedAt).ToListAsync(cancellationToken),
        noticeKey);
}

/// <summary>Everything held about the person, as they download it: their data, appeals, consents and requests.</summary>
public sealed record DataExport(
    string Controller,
    DateTimeOffset ExportedAt,
    DataExportSubject PersonalData,
    IReadOnlyList<DataExportAppeal> Appeals,
    IReadOnlyList<DataExportConsent> ConsentHistory,
    IReadOnlyList<DataExportRequest> Requests)
{
    public static DataExport From(MyDataViewModel model, DateTimeOffset exportedAt) => new(
        "NJSC \"Social Health Insurance Fund\", https://msqory.kz/, 1414",
        exportedAt,
        new(model.Subject.LastName, model.Subject.FirstName, model.Subject.Patronymic, model.Subject.Email, model.Subject.Phone,
            model.Subject.PreferredLanguage, model.Subject.CreatedAt, model.Subject.Status.ToString()),
        model.Appeals.Select(a => new DataExportAppeal(a.ReceivedAt, a.Topic.ToString(), a.PreferredChannel.ToString(), a.ContactName.LastName,
            a.ContactName.FirstName, a.ContactName.Patronymic, a.ContactEmail, a.ContactPhone, a.Message, a.PolicyVersion)).ToList(),
        model.ConsentHistory.Select(e => new DataExportConsent(e.OccurredAt, e.Purpose.ToString(), e.Action.ToString(), e.PolicyVersion,
            e.PolicyTextSha256, e.Channel.ToString(), e.Language, e.Wording, e.Sequence, e.Hash)).ToList(),
        model.Requests.Select(r => new DataExportRequest(r.ReceivedAt, r.Type.ToString(), r.Status.ToString(), r.Channel.ToString(), r.DueAt, r.CompletedAt)).ToList());
}

public sealed record DataExportSubject(string LastName, string FirstName, string? Patronymic, string Email, string Phone, string PreferredLanguage, DateTimeOffset FirstContact, string Status);

public sealed record DataExportAppeal(DateTimeOffset ReceivedAt, string Topic, string PreferredChannel, string LastName, string FirstName, string? Patronymic, string Email, string Phone, string Message, int PolicyVersion);

public sealed record DataExportConsent(DateTimeOffset OccurredAt, string Purpose, string Action, int PolicyVersion, string PolicySha256, string Channel, string Language, string Wording, long LedgerSequence, string LedgerHash);

public sealed record DataExportRequest(DateTimeOffset ReceivedAt, string Type, string Status, string Channel, DateTimeOffset DueAt, DateTimeOffset? CompletedAt);
