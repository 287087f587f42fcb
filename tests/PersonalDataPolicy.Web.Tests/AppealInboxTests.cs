using System.Net;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

public sealed class AppealInboxTests(MailSite mail) : IClassFixture<MailSite>
{
    private SiteFactory Site => mail.Site;

    private async Task<(HttpClient Client, Guid AppealId)> AppealAndCaseworkerAsync(string email, string channel, string staffEmail)
    {
        var fields = Forms.ValidAppeal(email: email);
        fields["Form.PreferredChannel"] = channel;
        Assert.Equal(HttpStatusCode.OK, (await Forms.PostAppealAsync(Site.CreateClient(), "ru", fields)).StatusCode);
        await mail.Smtp.WaitForAsync(email, MyDataJourney.IsAppealAcknowledgement);
        var subject = await Site.SubjectWithEmailAsync(email);
        var appealId = await Site.WithDbAsync(db => db.Appeals.Where(a => a.SubjectId == subject!.Id).Select(a => a.Id).SingleAsync());
        await CreateStaffAsync(Site, staffEmail, twoFactor: false, StaffRoles.Staff);
        var client = Browser(Site);
        await SignInAsync(client, staffEmail);
        return (client, appealId);
    }

    [Fact]
    public async Task An_answer_to_an_email_appeal_is_mailed_in_the_appeals_language_and_the_opening_is_audited()
    {
        var (client, appealId) = await AppealAndCaseworkerAsync("inbox-email@example.kz", "Email", "answerer@fund.kz");

        var unanswered = await client.GetStringAsync("/admin/appeals");
        Assert.Contains(appealId.ToString(), unanswered);
        Assert.DoesNotContain("inbox-email@example.kz", unanswered);
        var page = await client.GetStringAsync($"/admin/appeals/{appealId}");
        Assert.Contains("inbox-email@example.kz", page);

        var answered = await StaffJourney.PostAsync(client, $"/admin/appeals/{appealId}/answer", new() { ["text"] = "Ваш статус: застрахован.\nС уважением." }, $"/admin/appeals/{appealId}");

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var answer = Assert.Single(await mail.Smtp.WaitForAsync("inbox-email@example.kz", m => m.Subject == "Ответ на ваше обращение"));
        Assert.Contains("Ваш статус: застрахован.", answer.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(appealId.ToString(), await client.GetStringAsync("/admin/appeals"));
        var audits = await Site.WithDbAsync(db => db.AuditLog.Where(e => e.Purpose == AccessPurpose.AnsweringAppeal).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditAction.ViewedSubject, audits);
        Assert.Contains(AuditAction.AnsweredAppeal, audits);
    }

    [Fact]
    public async Task For_a_phone_appeal_the_staff_member_records_the_call_and_no_mail_is_sent()
    {
        var (client, appealId) = await AppealAndCaseworkerAsync("inbox-phone@example.kz", "PhoneCall", "caller@fund.kz");
        var before = mail.Smtp.To("inbox-phone@example.kz").Count;
        var queuedBefore = await Site.WithDbAsync(db => db.Outbox.CountAsync());

        await StaffJourney.PostAsync(client, $"/admin/appeals/{appealId}/answer", new() { ["text"] = "Called at 10:15, explained the status." }, $"/admin/appeals/{appealId}");

        var answer = await Site.WithDbAsync(db => db.AppealAnswers.SingleAsync(a => a.AppealId == appealId));
        Assert.False(answer.SentByEmail);
        Assert.Equal(Appeals.ContactChannel.PhoneCall, answer.Channel);
        // A mail is queued in the same transaction as the answer, so no new outbox row means no mail, now or later.
        Assert.Equal(queuedBefore, await Site.WithDbAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(before, mail.Smtp.To("inbox-phone@example.kz").Count);
    }

    [Fact]
    public async Task An_appeal_from_an_unconfirmed_sender_is_flagged_and_its_answer_is_not_mailed_to_the_owner_of_the_address()
    {
        var (client, _) = await AppealAndCaseworkerAsync("inbox-owner@example.kz", "Email", "careful@fund.kz");
        Assert.Equal(HttpStatusCode.OK, (await Forms.PostAppealAsync(Site.CreateClient(), "ru", Forms.ValidAppeal(lastName: "Чужой", email: "inbox-owner@example.kz"))).StatusCode);
        var owner = await Site.SubjectWithEmailAsync("inbox-owner@example.kz");
        var appealId = await Site.WithDbAsync(db => db.Appeals.Where(a => db.DataSubjects.Any(s => s.Id == a.SubjectId && s.ClaimedSubjectId == owner!.Id)).Select(a => a.Id).SingleAsync());

        Assert.Contains("Unconfirmed sender", await client.GetStringAsync("/admin/appeals"), StringComparison.Ordinal);
        var refused = await StaffJourney.PostAsync(client, $"/admin/appeals/{appealId}/answer", new() { ["text"] = "Ответ." }, $"/admin/appeals/{appealId}");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("cannot be mailed there", await client.GetStringAsync($"/admin/appeals/{appealId}"), StringComparison.Ordinal);
        Assert.Equal(0, await Site.WithDbAsync(db => db.AppealAnswers.CountAsync(a => a.AppealId == appealId)));
        Assert.Null((await Site.WithDbAsync(db => db.Appeals.SingleAsync(a => a.Id == appealId))).AnsweredAt);
    }
}
