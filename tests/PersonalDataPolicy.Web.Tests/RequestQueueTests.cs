using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Requests;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.StaffJourney;

namespace PersonalDataPolicy.Web.Tests;

public sealed class RequestQueueTests(MailSite mail) : IClassFixture<MailSite>
{
    private SiteFactory Site => mail.Site;

    private async Task<DataSubjectRequest> OpenRequestAsync(string email, RequestType type, string culture = "en", DateTimeOffset? receivedAt = null)
    {
        await MyDataJourney.SubmitAppealAsync(Site, email, culture: culture, smtp: mail.Smtp);
        var subject = await Site.SubjectWithEmailAsync(email);
        await using var scope = Site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var request = receivedAt is { } when
            ? new DataSubjectRequest(subject!.Id, type, RequestChannel.Email, when, when.AddDays(1))
            : scope.ServiceProvider.GetRequiredService<RequestRegister>().Open(subject!.Id, type, RequestChannel.Email);
        if (receivedAt is not null)
        {
            db.Requests.Add(request);
        }

        await db.SaveChangesAsync();
        return request;
    }

    private async Task<HttpClient> CaseworkerAsync(string email)
    {
        await CreateStaffAsync(Site, email, twoFactor: false, StaffRoles.Staff);
        var client = Browser(Site);
        await SignInAsync(client, email);
        return client;
    }

    [Fact]
    public async Task The_queue_filters_by_type_and_shows_overdue_requests_first_and_marked()
    {
        var late = await OpenRequestAsync("queue-late@example.kz", RequestType.Access, receivedAt: DateTimeOffset.UtcNow.AddDays(-10));
        var fresh = await OpenRequestAsync("queue-fresh@example.kz", RequestType.Update);
        await Site.Services.GetRequiredService<MaintenanceWorker>().RunOnceAsync(CancellationToken.None);
        var client = await CaseworkerAsync("queue@fund.kz");

        var all = await client.GetStringAsync("/admin/requests");
        var overdueOnly = await client.GetStringAsync("/admin/requests?OverdueOnly=true");
        var updatesOnly = await client.GetStringAsync("/admin/requests?Type=Update");

        Assert.True(all.IndexOf(late.Id.ToString(), StringComparison.Ordinal) < all.IndexOf(fresh.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("class=\"overdue\"", all);
        Assert.Contains(late.Id.ToString(), overdueOnly);
        Assert.DoesNotContain(fresh.Id.ToString(), overdueOnly);
        Assert.Contains(fresh.Id.ToString(), updatesOnly);
        Assert.DoesNotContain(late.Id.ToString(), updatesOnly);
    }

    [Fact]
    public async Task Assigning_noting_and_completing_a_request_mails_the_person_in_their_language()
    {
        var request = await OpenRequestAsync("queue-complete@example.kz", RequestType.Update, culture: "ru");
        var client = await CaseworkerAsync("completer@fund.kz");
        var page = $"/admin/requests/{request.Id}";

        await StaffJourney.PostAsync(client, $"{page}/assign", [], page);
        await StaffJourney.PostAsync(client, $"{page}/note", new() { ["text"] = "Called the person, confirmed the new surname." }, page);
        var completed = await StaffJourney.PostAsync(client, $"{page}/complete", [], page);

        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        var stored = await Site.WithDbAsync(db => db.Requests.SingleAsync(r => r.Id == request.Id));
        Assert.Equal(RequestStatus.Completed, stored.Status);
        Assert.NotNull(stored.AssignedTo);
        Assert.Contains("Called the person", await client.GetStringAsync(page));
        await mail.Smtp.WaitForAsync("queue-complete@example.kz", m => m.Subject == "Ваш запрос выполнен");
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_reason_reaches_the_person()
    {
        var request = await OpenRequestAsync("queue-reject@example.kz", RequestType.Update);
        var client = await CaseworkerAsync("rejecter@fund.kz");
        var page = $"/admin/requests/{request.Id}";

        await StaffJourney.PostAsync(client, $"{page}/reject", new() { ["reason"] = "" }, page);
        Assert.Equal(RequestStatus.New, (await Site.WithDbAsync(db => db.Requests.SingleAsync(r => r.Id == request.Id))).Status);
        await StaffJourney.PostAsync(client, $"{page}/reject", new() { ["reason"] = "The documents do not confirm the new surname." }, page);

        var stored = await Site.WithDbAsync(db => db.Requests.SingleAsync(r => r.Id == request.Id));
        Assert.Equal(RequestStatus.Rejected, stored.Status);
        var refusal = Assert.Single(await mail.Smtp.WaitForAsync("queue-reject@example.kz", m => m.Subject == "Decision on your request"));
        Assert.Contains("The documents do not confirm the new surname.", refusal.TextBody, StringComparison.Ordinal);
    }
}
