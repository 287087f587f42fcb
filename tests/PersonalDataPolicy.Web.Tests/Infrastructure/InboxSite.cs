using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>The mail site plus a Dovecot requests mailbox that the test fills and the site reads.</summary>
public sealed class InboxSite : IAsyncLifetime
{
    public MailSite Mail { get; } = new();

    public DovecotServer Dovecot { get; } = new();

    public async Task InitializeAsync()
    {
        await Mail.InitializeAsync();
        await Dovecot.StartAsync();
        var settings = Mail.Site.Settings;
        settings["Mail:Inbox:Enabled"] = "false"; // rounds are run by the tests
        settings["Mail:Inbox:Host"] = "127.0.0.1";
        settings["Mail:Inbox:Port"] = Dovecot.Port.ToString(CultureInfo.InvariantCulture);
        settings["Mail:Inbox:Security"] = "None";
        settings["Mail:Inbox:UserName"] = DovecotServer.User;
        settings["Mail:Inbox:Password"] = DovecotServer.Password;
        settings["Mail:Inbox:TrustedAuthenticationServers:0"] = ReceivingServer;
    }

    /// <summary>The authserv-id of the fund's receiving server in these tests.</summary>
    public const string ReceivingServer = "mx.fund.test";

    public async Task DisposeAsync()
    {
        await Mail.DisposeAsync();
        await Dovecot.DisposeAsync();
    }

    /// <summary>
    /// Delivers a message into the mailbox's INBOX, as the fund's mail server would: by default with its
    /// Authentication-Results saying the From domain passed DMARC; <paramref name="authenticationResults"/> replaces it
    /// (an empty string: none, as for mail whose sender could not be authenticated).
    /// </summary>
    public async Task DeliverAsync(string from, string subject, string body = "Please.", string? messageId = null, string? authenticationResults = null)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        var results = authenticationResults ?? $"{ReceivingServer}; dmarc=pass header.from={MailboxAddress.Parse(from).Domain}";
        if (results.Length > 0)
        {
            message.Headers.Add(HeaderId.AuthenticationResults, results);
        }

        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("personal-data@msqory.kz"));
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("sender.example");
        using var client = await ConnectAsync();
        await client.Inbox.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>Message counts per folder, after the site has moved what it handled.</summary>
    public async Task<Dictionary<string, int>> CountsAsync()
    {
        using var client = await ConnectAsync();
        var counts = new Dictionary<string, int>();
        foreach (var folder in await client.GetFoldersAsync(client.PersonalNamespaces[0]))
        {
            await folder.OpenAsync(FolderAccess.ReadOnly);
            counts[folder.FullName] = folder.Count;
            await folder.CloseAsync();
        }

        await client.DisconnectAsync(true);
        return counts;
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Dovecot.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password);
        return client;
    }
}
