using System.Text.RegularExpressions;
using MimeKit;

namespace PersonalDataPolicy.Browser.Tests;

/// <summary>Mail as a developer reads it: the .eml files the dispatcher writes to the pickup folder.</summary>
public static class PickupMail
{
    /// <summary>Waits, with a deadline, for a mail to <paramref name="address"/> whose text has a link matching <paramref name="link"/>.</summary>
    public static async Task<MimeMessage> WaitForAsync(string folder, string address, Regex link)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder, "*.eml"))
                {
                    var message = await MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address == address) && link.IsMatch(message.TextBody ?? string.Empty))
                    {
                        return message;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {address} with such a link in {folder}");
    }
}
