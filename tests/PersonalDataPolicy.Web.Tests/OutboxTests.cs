using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.Marketing;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using static PersonalDataPolicy.Web.Tests.Infrastructure.MyDataJourney;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The outbox on its own: its background loop is parked (a long poll interval) and rounds are run by hand,
/// so each test decides exactly when mail may go out.
/// </summary>
public abstract class OutboxScenarios
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly MailSite _mail;

    protected OutboxScenarios(MailSite mail)
    {
        mail.Site.Settings["Mail:PollInterval"] = "01:00:00";
        mail.Site.Settings["Mail:MaxAttempts"] = "4";

        // The retry delays pass on a clock the test moves (DrainUntilAsync), not in real time: one drain round during an
        // outage never retries the same row, however slow the machine, and a retry is due as soon as the test says so.
        mail.Site.Clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        mail.Site.Settings["Mail:RetryBaseDelay"] = "00:00:01";
        mail.Site.Settings["Mail:MaxRetryDelay"] = RetryDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        _mail = mail;
    }

    private SiteFactory Site => _mail.Site;

    private OutboxDispatcher Dispatcher => Site.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task With_smtp_down_mails_wait_and_are_all_delivered_once_it_is_back_none_lost_none_twice()
    {
        var ids = await QueueAsync("down", 25);
        await _mail.Smtp.StopAsync();
        try
        {
            await DrainAsync();
            var waiting = await RowsAsync(ids);
            Assert.All(waiting, m => Assert.Equal(MailStatus.Pending, m.Status));
            Assert.All(waiting, m => Assert.InRange(m.Attempts, 1, 3));
            Assert.All(waiting, m => Assert.StartsWith("SocketException", m.LastError, StringComparison.Ordinal));
        }
        finally
        {
            _mail.Smtp.Start();
        }

        await DrainUntilAsync(ids, MailStatus.Sent);

        var delivered = _mail.Smtp.Messages.Where(m => m.To.Mailboxes.Single().Address.StartsWith("down-", StringComparison.Ordinal)).ToList();
        Assert.Equal(25, delivered.Count);
        Assert.Equal(25, delivered.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(ids.Select(id => $"{id:N}@msqory.kz").Order(), delivered.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Appeals_sent_in_a_burst_while_the_mail_server_is_down_are_each_acknowledged_exactly_once_when_it_is_back()
    {
        await _mail.Smtp.StopAsync();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SubmitAppealAsync(Site, $"burst-{i}@example.kz")));
            await DrainAsync();
        }
        finally
        {
            _mail.Smtp.Start();
        }

        var acknowledgements = await Site.WithDbAsync(db => db.Outbox.Where(m => m.Template == "appeal-received").Select(m => m.Id).ToListAsync());
        await DrainUntilAsync(acknowledgements, MailStatus.Sent);

        var delivered = _mail.Smtp.Messages.Where(m => m.To.Mailboxes.Single().Address.StartsWith("burst-", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, delivered.Count);
        Assert.Equal(12, delivered.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    [Fact]
    public async Task Two_dispatchers_working_the_same_outbox_never_send_a_row_twice()
    {
        var ids = await QueueAsync("race", 40);
        var second = new OutboxDispatcher(Site.Services.GetRequiredService<IServiceScopeFactory>(), Site.Services.GetRequiredService<IMailTransport>(),
            Site.Services.GetRequiredService<IOptions<MailOptions>>(), Site.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>(),
            Site.Clock!, NullLogger<OutboxDispatcher>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var dispatcher = i % 2 == 0 ? Dispatcher : second;
            while (await dispatcher.DispatchOnceAsync(CancellationToken.None) > 0)
            {
            }
        })));
        await DrainUntilAsync(ids, MailStatus.Sent);

        var delivered = _mail.Smtp.Messages.Where(m => m.To.Mailboxes.Single().Address.StartsWith("race-", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, delivered.Count);
        Assert.Equal(40, delivered.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task After_the_last_attempt_a_mail_is_marked_failed_for_staff()
    {
        var ids = await QueueAsync("fail", 1);
        await _mail.Smtp.StopAsync();
        try
        {
            await DrainUntilAsync(ids, MailStatus.Failed);
        }
        finally
        {
            _mail.Smtp.Start();
        }

        var row = Assert.Single(await RowsAsync(ids));
        Assert.Equal(4, row.Attempts);
        Assert.Null(row.LeaseOwner);
    }

    [Fact]
    public async Task A_marketing_mail_queued_before_an_opt_out_is_never_sent()
    {
        await SubmitWithMarketingConfirmedAsync("suppressed@example.kz");
        var subject = await Site.SubjectWithEmailAsync("suppressed@example.kz");
        await QueueMarketingAsync(subject!.Id);
        var queued = await Site.WithDbAsync(db => db.Outbox.Where(m => m.SubjectId == subject.Id && m.Kind == MailKind.Marketing).Select(m => m.Id).ToListAsync());

        // The person opts out by e-mail link before the dispatcher gets to the queued mail.
        var mailbox = await Site.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == queued[0]));
        var oneClick = await Browser(Site).PostAsync(new Uri(mailbox.ListUnsubscribe!.Split('<', '>')[3]).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, oneClick.StatusCode);
        await DrainAsync();

        var row = Assert.Single(await RowsAsync(queued));
        Assert.Equal(MailStatus.Suppressed, row.Status);
        Assert.Equal("opted out of marketing", row.LastError);
        Assert.DoesNotContain(_mail.Smtp.To("suppressed@example.kz"), m => m.Headers.Contains("List-Unsubscribe"));
    }

    [Fact]
    public async Task Marketing_mails_carry_list_unsubscribe_with_mailto_and_https_and_one_click_opts_out_at_once()
    {
        await SubmitWithMarketingConfirmedAsync("marketing@example.kz", "ru");
        var subject = await Site.SubjectWithEmailAsync("marketing@example.kz");

        Assert.Equal(1, await QueueMarketingAsync(subject!.Id));
        await DrainAsync();

        var marketing = Assert.Single(_mail.Smtp.To("marketing@example.kz"), m => m.Headers.Contains("List-Unsubscribe"));
        Assert.Equal("Новые услуги Фонда", marketing.Subject);
        var header = marketing.Headers["List-Unsubscribe"];
        Assert.Matches(@"^<mailto:personal-data@msqory\.kz\?subject=[^>]+>, <http://localhost/ru/unsubscribe/[^>]+>$", header);
        Assert.Contains(Uri.EscapeDataString("Отказ от уведомлений о новых продуктах и услугах и специальных предложениях"), header);
        Assert.Equal("List-Unsubscribe=One-Click", marketing.Headers["List-Unsubscribe-Post"]);

        // RFC 8058: the provider POSTs without cookies, page or antiforgery token.
        var url = new Uri(header!.Split('<', '>')[3]).PathAndQuery;
        var response = await Site.CreateClient().PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var consents = await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject.Id).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal((Consents.ConsentPurpose.MarketingNotifications, Consents.ConsentAction.Withdrawn, Consents.ConsentChannel.Email),
            (consents[^1].Purpose, consents[^1].Action, consents[^1].Channel));
        Assert.Equal(0, await QueueMarketingAsync(subject.Id));
    }

    [Fact]
    public async Task Opening_the_unsubscribe_link_asks_before_it_acts_and_a_forged_link_is_404()
    {
        await SubmitWithMarketingConfirmedAsync("unsub-page@example.kz");
        var subject = await Site.SubjectWithEmailAsync("unsub-page@example.kz");
        var url = new Uri(Site.Services.GetRequiredService<UnsubscribeLinks>().Url(subject!.Id, "en")).PathAndQuery;

        var page = await Browser(Site).GetStringAsync(url);

        Assert.Contains("id=\"unsubscribe\"", page);
        var state = Consents.ConsentState.From(await Site.WithDbAsync(db => db.ConsentEvents.Where(e => e.SubjectId == subject.Id).ToListAsync()));
        Assert.True(state.IsGranted(Consents.ConsentPurpose.MarketingNotifications));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Browser(Site).GetAsync("/en/unsubscribe/forged-token")).StatusCode);
    }

    /// <summary>An appeal with marketing ticked, its mail delivered by hand (this class drains the outbox itself) and the opt-in pressed.</summary>
    private async Task SubmitWithMarketingConfirmedAsync(string email, string culture = "en")
    {
        await SubmitAppealAsync(Site, email, marketing: true, culture: culture);
        await DrainAsync();
        var acknowledgement = (await _mail.Smtp.WaitForAsync(email, IsAppealAcknowledgement))[0];
        Assert.Equal(System.Net.HttpStatusCode.OK, (await FollowLinkAsync(Browser(Site), LinkIn(acknowledgement))).StatusCode);
    }

    private async Task<int> QueueMarketingAsync(Guid subjectId)
    {
        await using var scope = Site.Scope();
        var message = new MarketingMessage(new Dictionary<string, (string, IReadOnlyList<string>)>
        {
            ["kk"] = ("Қордың жаңа қызметтері", ["Жаңа қызмет іске қосылды."]),
            ["ru"] = ("Новые услуги Фонда", ["Запущена новая услуга."]),
            ["en"] = ("New services of the Fund", ["A new service has started."]),
        });
        return await scope.ServiceProvider.GetRequiredService<MarketingMailer>().QueueAsync(message, [subjectId], CancellationToken.None);
    }

    private async Task<List<Guid>> QueueAsync(string prefix, int count)
    {
        await using var scope = Site.Scope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var content = new MailContent("test", "en", "Test", "<p>Test</p>", "Test");
        var ids = Enumerable.Range(0, count).Select(i => outbox.To(null, $"{prefix}-{i}@example.kz", MailKind.RightsResponse, content).Id).ToList();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        return ids;
    }

    private Task<List<OutboxMessage>> RowsAsync(IReadOnlyCollection<Guid> ids) =>
        Site.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());

    private async Task DrainAsync()
    {
        while (await Dispatcher.DispatchOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>Runs rounds, the clock moved past every backoff before each, until every row reached the status.</summary>
    private Task DrainUntilAsync(IReadOnlyCollection<Guid> ids, MailStatus status) =>
        Eventually.HoldsAsync(
            async () =>
            {
                // Every retry scheduled so far is due.
                Site.Clock!.Advance(RetryDelay);
                await DrainAsync();
                return (await RowsAsync(ids)).All(m => m.Status == status);
            },
            $"every row reached {status}");
}

public sealed class OutboxTests(MailSite mail) : OutboxScenarios(mail), IClassFixture<MailSite>;

[Collection(OnPostgreSql.Name)]
public sealed class OutboxOnPostgreSqlTests(PostgreSqlMailSite mail) : OutboxScenarios(mail), IClassFixture<PostgreSqlMailSite>;
