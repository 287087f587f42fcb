using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Marketing;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 14: on a server database the Data Protection key ring lives in the database, still encrypted by the certificate,
/// so what one instance protects — a cookie, a form's token, an unsubscribe link — another instance reads.
/// </summary>
[Collection(OnPostgreSql.Name)]
public sealed class SharedKeyRingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task What_one_instance_protects_the_other_reads_and_the_keys_in_the_database_are_encrypted()
    {
        await using var first = new PostgreSqlSiteFactory();
        await using var second = PostgreSqlSiteFactory.SameDatabaseAs(first);
        foreach (var site in new[] { first, second })
        {
            site.Settings["PersonalData:KeyEncryptionCertificatePath"] = KeyRingCertificate.WriteTo(Path.Combine(first.DataDirectory, "certificate"));
            site.Settings["PersonalData:KeyEncryptionCertificatePassword"] = KeyRingCertificate.Password;
        }

        using var firstClient = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var secondClient = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        // A form fetched from the first instance, posted to the second with the first one's antiforgery cookie.
        var page = await firstClient.GetAsync("/en/appeal");
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var html = await page.Content.ReadAsStringAsync();
        var fields = Forms.ValidAppeal(email: "shared-key-ring@example.kz");
        fields["__RequestVerificationToken"] = Forms.TokenIn(html);
        fields["form-started"] = Forms.StartedIn(html)!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/en/appeal") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookie);
        var posted = await secondClient.SendAsync(post);

        // An unsubscribe link made by one instance, read by the other.
        var subject = Guid.NewGuid();
        var token = first.Services.GetRequiredService<UnsubscribeLinks>().Url(subject, "en").Split('/')[^1];
        var read = second.Services.GetRequiredService<UnsubscribeLinks>().SubjectOf(token);

        await using var scope = first.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.Select(k => k.Xml ?? string.Empty).ToListAsync();
        var keyFiles = Directory.Exists(Path.Combine(first.DataDirectory, "keys")) ? Directory.GetFiles(Path.Combine(first.DataDirectory, "keys"), "key-*.xml").Length : 0;

        output.WriteLine($"appeal with the first instance's form and cookie, posted to the second: {(int)posted.StatusCode}; unsubscribe link read by the second: {read == subject}; "
            + $"keys in the database: {keys.Count}, encrypted {keys.Count(k => k.Contains("<encryptedSecret", StringComparison.Ordinal))}; key files on disk: {keyFiles}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(subject, read);
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Contains("<encryptedSecret", k);
            Assert.DoesNotContain("<masterKey", k);
        });
        Assert.Equal(0, keyFiles);
    }
}
