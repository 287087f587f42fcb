using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

public sealed class PersonalDataAtRestTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string LastName = "Жұмабекұлы-Қасқырбаев";
    private const string FirstName = "Zhanserikova";
    private const string Email = "distinctive.mailbox.4711@example.kz";
    private const string PhoneTyped = "8 (707) 471-19-88";
    private const string PhoneE164 = "+77074711988";
    private const string PhoneNational = "7074711988";
    private const string MessageWord = "Uniqueword0815";

    [Fact]
    public async Task Submitted_names_email_phone_and_message_are_not_in_the_database_files_in_plain_text_nor_in_the_logs()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var fields = Forms.ValidAppeal(LastName, FirstName, Email, PhoneTyped);
        fields["Form.Message"] = $"Please call me about {MessageWord}.";
        var response = await Forms.PostAppealAsync(client, "en", fields);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);

        // And once more with bad input, which must not leak either.
        fields["Form.Phone"] = "000";
        await Forms.PostAppealAsync(client, "en", fields);

        var subject = await site.SubjectWithEmailAsync(Email);
        Assert.NotNull(subject);
        Assert.Equal(PhoneE164, subject.Phone);

        var files = Directory.GetFiles(site.DataDirectory, "personal-data-policy.db*");
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        var secrets = new[] { LastName, FirstName, Email, PhoneE164, PhoneNational, MessageWord };
        foreach (var file in files)
        {
            var bytes = await FileBytes.ReadSharedAsync(file);
            foreach (var secret in secrets)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{Path.GetFileName(file)} holds '{secret}' in UTF-8");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{Path.GetFileName(file)} holds '{secret}' in UTF-16");
            }
        }

        var log = site.Log.All;
        Assert.NotEmpty(site.Log.Lines);
        Assert.Contains("/en/appeal", log);
        foreach (var secret in secrets.Append(PhoneTyped).Append("Нұрланқызы"))
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
