using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>"My data" end to end, with mails delivered to a real SMTP server.</summary>
public abstract class MyDataScenarios(MailSite mail)
{
    private SiteFactory Site => mail.Site;

    [Fact]
    public async Task A_person_gets_a_single_use_link_by_mail_and_sees_their_data_appeals_and_consent_history()
    {
        await SubmitAppealAsync(Site, "access@example.kz", marketing: true, culture: "ru", smtp: mail.Smtp);
        var client = Browser(Site);

        var asked = await AskForLinkAsync(client, "Access@Example.kz", "ru");

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Проверьте почту", await asked.Content.ReadAsStringAsync());
        var message = Assert.Single(await mail.Smtp.WaitForAsync("access@example.kz", m => !IsAppealAcknowledgement(m)));
        Assert.Equal("Ссылка на ваши персональные данные", message.Subject);
        Assert.Equal("ru", message.Body!.Headers[MimeKit.HeaderId.ContentLanguage]);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.TextBody);
        var link = LinkIn(message);
        Assert.StartsWith("/ru/my-data/open?token=", link);

        // A mail scanner opening the link does not use it up; only the button does.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        var opened = await FollowLinkAsync(client, link);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var overview = await client.GetStringAsync(opened.Headers.Location!.OriginalString);
        Assert.Contains("Сейтқазы", overview);
        Assert.Contains("access@example.kz", overview);
        Assert.Contains("&#x2B;7 701 234 56 78", overview);
        // The edit form offers the phone the way the page shows it.
        Assert.Contains("value=\"&#x2B;7 701 234 56 78\"", await client.GetStringAsync("/ru/my-data/edit"));
        Assert.Contains("Сақтандыру мәртебемді қалай тексеремін?", overview);
        Assert.Contains("История согласий", overview);

        var reused = await FollowLinkAsync(Browser(Site), link);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("Эта ссылка уже использована", await reused.Content.ReadAsStringAsync());

        var subject = await Site.SubjectWithEmailAsync("access@example.kz");
        var access = await Site.WithDbAsync(db => db.Requests.SingleAsync(r => r.SubjectId == subject!.Id && r.Type == RequestType.Access));
        Assert.Equal(RequestStatus.Completed, access.Status);
        Assert.Equal(RequestChannel.Web, access.Channel);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        await SubmitAppealAsync(Site, "known@example.kz", smtp: mail.Smtp);
        var outboxBefore = await Site.WithDbAsync(db => db.Outbox.CountAsync());

        var mailsBefore = mail.Smtp.To("known@example.kz").Count;
        var unknown = await AskForLinkAsync(Browser(Site), "nobody@example.kz");
        var known = await AskForLinkAsync(Browser(Site), "known@example.kz");

        // Requests are handled in the background, in order: once the known address has its link, the unknown one was handled.
        await mail.Smtp.WaitForAsync("known@example.kz", mailsBefore + 1);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(Body(await known.Content.ReadAsStringAsync()), Body(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(outboxBefore + 1, await Site.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Theory]
    [InlineData("kk", "Сілтеменің мерзімі өтіп кетті")]
    [InlineData("en", "The link has expired")]
    public async Task An_expired_link_is_refused_with_a_localized_message(string culture, string message)
    {
        await SubmitAppealAsync(Site, $"expired-{culture}@example.kz", smtp: mail.Smtp);
        var subject = await Site.SubjectWithEmailAsync($"expired-{culture}@example.kz");
        var (token, raw) = VerificationToken.Issue(subject!.Id, TokenPurpose.Access, DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromMinutes(30));
        await Site.WithDbAsync(db =>
        {
            db.VerificationTokens.Add(token);
            return db.SaveChangesAsync();
        });

        var response = await Browser(Site).GetAsync($"/{culture}/my-data/open?token={raw}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_made_up_token_is_refused_and_the_store_holds_only_token_hashes()
    {
        var response = await Browser(Site).GetAsync("/en/my-data/open?token=not-a-real-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The link is not valid", await response.Content.ReadAsStringAsync());
        Assert.All(await Site.WithDbAsync(db => db.VerificationTokens.Select(t => t.TokenHash).ToListAsync()), h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    [Fact]
    public async Task The_overview_needs_a_session()
    {
        var response = await Browser(Site).GetAsync("/en/my-data/overview");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en/my-data", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Names_and_phone_change_at_once_and_a_new_email_only_after_its_own_link()
    {
        await SubmitAppealAsync(Site, "update-old@example.kz", smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, "update-old@example.kz");

        var saved = await PostFormAsync(client, "/en/my-data/edit", new()
        {
            ["LastName"] = "Жаңабаева",
            ["FirstName"] = "Әсел",
            ["Patronymic"] = "",
            ["Phone"] = "+7 705 111 22 33",
            ["Email"] = "update-new@example.kz",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var subject = await Site.SubjectWithEmailAsync("update-old@example.kz");
        Assert.Equal("Жаңабаева", subject!.LastName);
        Assert.Null(subject.Patronymic);
        Assert.Equal("+77051112233", subject.Phone);
        Assert.Null(await Site.SubjectWithEmailAsync("update-new@example.kz"));

        var confirmation = Assert.Single(await mail.Smtp.WaitForAsync("update-new@example.kz"));
        Assert.Equal("Confirm your new e-mail address", confirmation.Subject);
        var confirmed = await FollowLinkAsync(Browser(Site), LinkIn(confirmation));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Your new e-mail address has been saved", await confirmed.Content.ReadAsStringAsync());

        Assert.Null(await Site.SubjectWithEmailAsync("update-old@example.kz"));
        var moved = await Site.SubjectWithEmailAsync("update-new@example.kz");
        Assert.Equal(subject.Id, moved!.Id);
        var requests = await Site.WithDbAsync(db => db.Requests.Where(r => r.SubjectId == subject.Id && r.Type == RequestType.Update).ToListAsync());
        Assert.All(requests, r => Assert.Equal(RequestStatus.Completed, r.Status));
        await mail.Smtp.WaitForAsync("update-new@example.kz", 2);
    }

    [Fact]
    public async Task An_appeal_is_acknowledged_by_mail_in_its_language_with_a_link_to_the_receipt()
    {
        await SubmitAppealAsync(Site, "acknowledged@example.kz", culture: "kk", smtp: mail.Smtp);

        var acknowledgement = Assert.Single(mail.Smtp.To("acknowledged@example.kz"));
        Assert.Equal("Өтінішіңіз қабылданды", acknowledgement.Subject);
        Assert.Matches("/kk/consent/receipts/[A-Za-z0-9_-]{22}", LinkIn(acknowledgement));
    }

    [Fact]
    public async Task Bad_corrections_come_back_with_localized_errors_and_change_nothing()
    {
        await SubmitAppealAsync(Site, "update-bad@example.kz", smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, "update-bad@example.kz", "ru");

        var response = await PostFormAsync(client, "/ru/my-data/edit", new()
        {
            ["LastName"] = "X Æ A-12",
            ["FirstName"] = "",
            ["Phone"] = "123",
            ["Email"] = "update-bad@example.kz",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Поле «Фамилия» может содержать только", html);
        Assert.Contains("Заполните поле «Имя».", html);
        Assert.Contains("Введите корректный номер телефона", html);
        Assert.Equal("Сейтқазы", (await Site.SubjectWithEmailAsync("update-bad@example.kz"))!.LastName);
    }

    [Fact]
    public async Task Another_persons_address_cannot_be_taken_and_the_answer_does_not_tell_that_it_is_taken()
    {
        await SubmitAppealAsync(Site, "first-owner@example.kz", smtp: mail.Smtp);
        await SubmitAppealAsync(Site, "second-person@example.kz", smtp: mail.Smtp);
        await SubmitAppealAsync(Site, "third-person@example.kz", smtp: mail.Smtp);
        var second = await SignInAsync(Site, mail.Smtp, "second-person@example.kz");
        var third = await SignInAsync(Site, mail.Smtp, "third-person@example.kz");
        var ownerMailsBefore = mail.Smtp.To("first-owner@example.kz").Count;
        var secondMailsBefore = mail.Smtp.To("second-person@example.kz").Count;

        var taken = await ChangeEmailAsync(second, "Second", "first-owner@example.kz");
        var free = await ChangeEmailAsync(third, "Third", "third-new@example.kz");

        // The same answer for a taken and a free address: "we sent a link to the new address".
        Assert.Equal(HttpStatusCode.Redirect, taken.Response.StatusCode);
        Assert.Equal(free.Response.StatusCode, taken.Response.StatusCode);
        // Less the times the page shows to the minute: the two answers may fall either side of a minute's turn.
        Assert.Equal(WithoutClockTimes(free.Overview.Replace("Third", "X", StringComparison.Ordinal).Replace("third-person", "x", StringComparison.Ordinal)),
            WithoutClockTimes(taken.Overview.Replace("Second", "X", StringComparison.Ordinal).Replace("second-person", "x", StringComparison.Ordinal)));
        Assert.DoesNotContain("belongs to another person", taken.Overview);

        // The names changed; the address did not; the owner of the taken address got nothing.
        await mail.Smtp.WaitForAsync("third-new@example.kz");
        await mail.Smtp.WaitForAsync("second-person@example.kz", secondMailsBefore + 1);
        Assert.Equal("Second", (await Site.SubjectWithEmailAsync("second-person@example.kz"))!.LastName);
        Assert.NotEqual((await Site.SubjectWithEmailAsync("second-person@example.kz"))!.Id, (await Site.SubjectWithEmailAsync("first-owner@example.kz"))!.Id);
        Assert.Equal(ownerMailsBefore, mail.Smtp.To("first-owner@example.kz").Count);
    }

    private static async Task<(HttpResponseMessage Response, string Overview)> ChangeEmailAsync(HttpClient client, string lastName, string email)
    {
        var response = await PostFormAsync(client, "/en/my-data/edit", new()
        {
            ["LastName"] = lastName,
            ["FirstName"] = "Person",
            ["Phone"] = "+7 701 234 56 78",
            ["Email"] = email,
        });
        var overview = response.StatusCode == HttpStatusCode.Redirect ? await client.GetStringAsync(response.Headers.Location!.OriginalString) : await response.Content.ReadAsStringAsync();
        return (response, System.Text.RegularExpressions.Regex.Replace(Body(overview), "value=\"CfDJ8[^\"]+\"", "value=\"{token}\""));
    }


    [Fact]
    public async Task Opting_out_on_the_site_records_a_marketing_withdrawal_and_keeps_processing_consent()
    {
        await SubmitAppealAsync(Site, "optout-web@example.kz", marketing: true, smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, "optout-web@example.kz");

        var response = await PostFormAsync(client, "/en/my-data/opt-out", [], "/en/my-data/overview");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var subject = await Site.SubjectWithEmailAsync("optout-web@example.kz");
        var events = await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject!.Id).OrderBy(e => e.Sequence).ToListAsync());
        var state = ConsentState.From(events);
        Assert.False(state.IsGranted(ConsentPurpose.MarketingNotifications));
        Assert.True(state.IsGranted(ConsentPurpose.PersonalDataProcessing));
        var withdrawal = events[^1];
        Assert.Equal((ConsentPurpose.MarketingNotifications, ConsentAction.Withdrawn, ConsentChannel.WebForm), (withdrawal.Purpose, withdrawal.Action, withdrawal.Channel));
        Assert.Equal(SubjectStatus.Active, subject!.Status);
        await mail.Smtp.WaitForAsync("optout-web@example.kz", m => m.Subject == "Your request has been carried out");
    }

    [Fact]
    public async Task Withdrawing_consent_blocks_at_once_schedules_destruction_and_ends_the_session()
    {
        await SubmitAppealAsync(Site, "withdraw@example.kz", marketing: true, culture: "kk", smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, "withdraw@example.kz", "kk");
        var explanation = await client.GetStringAsync("/kk/my-data/withdraw");
        Assert.Contains("Деректеріңіз бірден бұғатталады", explanation);

        var response = await PostFormAsync(client, "/kk/my-data/withdraw", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Келісіміңіз кері қайтарып алынды", await response.Content.ReadAsStringAsync());
        var subject = await Site.SubjectWithEmailAsync("withdraw@example.kz");
        Assert.Equal(SubjectStatus.Blocked, subject!.Status);
        Assert.Equal(BlockReason.ConsentWithdrawn, subject.BlockReason);
        Assert.True(subject.DestructionDueAt > DateTimeOffset.UtcNow);
        Assert.True(subject.DestructionDueAt < DateTimeOffset.UtcNow.AddDays(10));
        var state = ConsentState.From(await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject.Id).ToListAsync()));
        Assert.False(state.IsGranted(ConsentPurpose.PersonalDataProcessing));
        Assert.False(state.IsGranted(ConsentPurpose.MarketingNotifications));
        await mail.Smtp.WaitForAsync("withdraw@example.kz", m => m.Subject == "Сұрауыңыз орындалды" && m.TextBody!.Contains("бұғатталды", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/kk/my-data/overview")).StatusCode);

        // Blocked, not yet destroyed: the person may still look, but nothing is processed or handed out.
        var again = await SignInAsync(Site, mail.Smtp, "withdraw@example.kz", "kk");
        var overview = await again.GetStringAsync("/kk/my-data/overview");
        Assert.Contains("Деректеріңіз бұғатталған", overview);
        Assert.DoesNotContain("export.json", overview);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/kk/my-data/export.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/kk/my-data/edit")).StatusCode);
    }

    [Fact]
    public async Task The_download_holds_everything_about_the_person_as_json()
    {
        await SubmitAppealAsync(Site, "export@example.kz", marketing: true, smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, "export@example.kz");

        var response = await client.GetAsync("/en/my-data/export.json");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("export@example.kz", json.RootElement.GetProperty("personalData").GetProperty("email").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("appeals").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("consentHistory").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("requests").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task The_rights_flows_write_no_personal_data_into_the_logs()
    {
        const string email = "log.watch.9051@example.kz";
        await SubmitAppealAsync(Site, email, marketing: true, lastName: "Логсыздыкова", smtp: mail.Smtp);
        var client = await SignInAsync(Site, mail.Smtp, email);
        await PostFormAsync(client, "/en/my-data/edit", new()
        {
            ["LastName"] = "Логсыздыкова",
            ["FirstName"] = "Айгерім",
            ["Phone"] = "+7 707 905 10 51",
            ["Email"] = "log.watch.new.9051@example.kz",
        });
        await PostFormAsync(client, "/en/my-data/opt-out", [], "/en/my-data/overview");
        await mail.Smtp.WaitForAsync("log.watch.new.9051@example.kz");

        var log = Site.Log.All;
        Assert.Contains("/en/my-data/edit", log);
        foreach (var secret in new[] { email, "log.watch.new.9051", "Логсыздыкова", "Айгерім", "7079051051" })
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Body(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    private static string WithoutClockTimes(string html) => System.Text.RegularExpressions.Regex.Replace(html, @"\b\d{2}:\d{2}\b", "hh:mm");
}

public sealed class MyDataTests(MailSite mail) : MyDataScenarios(mail), IClassFixture<MailSite>;

[Collection(OnPostgreSql.Name)]
public sealed class MyDataOnPostgreSqlTests(PostgreSqlMailSite mail) : MyDataScenarios(mail), IClassFixture<PostgreSqlMailSite>;
