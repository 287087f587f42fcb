namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>The site delivering mail over SMTP to an in-process server, with short retry delays.</summary>
public class MailSite : IAsyncLifetime
{
    /// <summary>xunit builds a class fixture through its one public constructor.</summary>
    public MailSite()
        : this(new SiteFactory())
    {
    }

    protected MailSite(SiteFactory site)
    {
        Site = site;
    }

    public SmtpCapture Smtp { get; } = new();

    public SiteFactory Site { get; }

    public Task InitializeAsync()
    {
        Smtp.Start();
        Site.Settings["Mail:Delivery"] = "Smtp";
        Site.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        Site.Settings["Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Site.Settings["Mail:Smtp:Security"] = "None";
        Site.Settings["Mail:Smtp:Timeout"] = "00:00:05";
        Site.Settings["Mail:PollInterval"] = "00:00:00.100";
        Site.Settings["Mail:RetryBaseDelay"] = "00:00:00.100";
        Site.Settings["Mail:MaxRetryDelay"] = "00:00:00.500";
        Site.Settings["Mail:PublicBaseUrl"] = "http://localhost";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class PostgreSqlMailSite() : MailSite(new PostgreSqlSiteFactory());
