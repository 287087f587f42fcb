using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Appeals;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Inbox;
using PersonalDataPolicy.Web.Features.Marketing;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Features.Requests;

namespace PersonalDataPolicy.Web.Features.Mail;

public static class MailSetup
{
    /// <summary>Outgoing and incoming mail, data-subject requests with their deadlines, and the jobs behind them.</summary>
    public static IServiceCollection AddSubjectRightsAndMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.SectionName)
            .Validate(o => o.RetentionAfterWithdrawal.All(r => r.KeepFor > TimeSpan.Zero && !string.IsNullOrWhiteSpace(r.LegalReference)),
                "Every Requests:RetentionAfterWithdrawal line needs a positive KeepFor and the LegalReference that requires it.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Requests:TimeZone must be a time zone id this machine knows (IANA, e.g. Asia/Almaty).")
            .ValidateOnStart();

        services.AddSingleton<IValidateOptions<RequestOptions>, RequestOptions.Validator>();

        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupDirectoryMailTransport>();

        // Whatever the delivery now, the folder may hold copies from before.
        services.AddSingleton<IMailCopies>(sp => sp.GetRequiredService<PickupDirectoryMailTransport>());
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Delivery == MailDelivery.Smtp
            ? sp.GetRequiredService<SmtpMailTransport>()
            : sp.GetRequiredService<PickupDirectoryMailTransport>());
        services.AddSingleton<MailComposer>();
        services.AddScoped<Outbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        services.AddSingleton(sp => RequestRegister.Build(sp.GetRequiredService<IOptions<RequestOptions>>()));
        services.AddScoped<RequestRegister>();
        services.AddScoped<PersonalDataLifecycle>();
        services.AddScoped<SubjectRights>();
        services.AddSingleton<MyData.PendingAccessLinks>();
        services.AddHostedService<MyData.AccessLinkSender>();
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ConfirmationLinks>();
        services.AddScoped<ConfirmMarketingHandler>();
        services.AddScoped<ConfirmAppealHandler>();
        services.AddScoped<WithdrawalEvents>();
        services.AddScoped<OptOutHandler>();
        services.AddScoped<WithdrawConsentHandler>();
        services.AddSingleton<MaintenanceWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<MaintenanceWorker>());
        services.AddScoped<DeadlineAlerts>();
        services.AddSingleton<DeadlineAlertWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineAlertWorker>());

        services.AddSingleton<UnsubscribeLinks>();
        services.AddScoped<MarketingMailer>();
        services.AddSingleton<RequestsMailbox>();
        services.AddHostedService<RequestsMailboxPoller>();
        return services;
    }
}
