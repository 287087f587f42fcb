using System.Text.RegularExpressions;
using MimeKit;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>Mail as a developer reads it: the .eml files the dispatcher writes to the pickup folder.</summary>
public static class PickupMail
{
    /// <summary>Waits, with a deadline, for a mail to <paramref name="address"/> whose text has a link matching <paramref name="link"/>.</summary>
    public static Task<MimeMessage> WaitForAsync(string folder, string address, Regex link) =>
        Eventually.FoundAsync(() => FindAsync(folder, address, link), $"a mail with such a link in {folder}", TimeSpan.FromSeconds(15));

    private static async Task<MimeMessage?> FindAsync(string folder, string address, Regex link)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        foreach (var file in Directory.GetFiles(folder, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => m.Address == address) && link.IsMatch(message.TextBody ?? string.Empty))
            {
                return message;
            }
        }

        return null;
    }
}
