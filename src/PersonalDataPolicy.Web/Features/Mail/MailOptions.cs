using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace PersonalDataPolicy.Web.Features.Mail;

public enum MailDelivery
{
    /// <summary>Writes each mail as an .eml file to a folder: the default, so `dotnet run` needs no mail server.</summary>
    Pickup,
    Smtp,
}

/// <summary>The "Mail" configuration section.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public MailDelivery Delivery { get; set; } = MailDelivery.Pickup;

    /// <summary>For <see cref="MailDelivery.Pickup"/>; relative paths are under the content root.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "App_Data/mail-pickup";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "noreply@msqory.kz";

    /// <summary>Policy §4.2, §6.4, §6.5: the fund's address people write to with the marked subjects.</summary>
    [Required, EmailAddress]
    public string RequestsAddress { get; set; } = "personal-data@msqory.kz";

    /// <summary>The site's public address, for links in mails.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public SmtpSettings Smtp { get; set; } = new();

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a dispatcher owns a claimed row; another one may take it over afterwards.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Lifetime of the links in verification mails (single use).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public InboxSettings Inbox { get; set; } = new();
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The mailbox people write to (policy §4.2, §6.4, §6.5), read with IMAP. Off unless configured.</summary>
public sealed class InboxSettings
{
    public bool Enabled { get; set; }

    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.SslOnConnect;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    /// <summary>Where handled requests are moved, so nothing is read twice.</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>Where mail that is not a marked request is moved for staff to read.</summary>
    public string StaffFolder { get; set; } = "ForStaff";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The authserv-id of the fund's receiving mail server, whose Authentication-Results header (RFC 8601) the site trusts.
    /// Only a message whose From domain passed DMARC or aligned DKIM there is acted on at once; any other gets a
    /// confirmation link. Empty: nothing is trusted, every request by mail is confirmed by link.
    /// </summary>
    public List<string> TrustedAuthenticationServers { get; set; } = [];

    /// <summary>More messages than this from one sender within an hour are left for staff untouched (no mail goes out).</summary>
    [Range(1, 1000)]
    public int MaxPerSenderPerHour { get; set; } = 10;
}
