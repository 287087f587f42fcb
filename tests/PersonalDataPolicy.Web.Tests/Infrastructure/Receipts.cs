using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Features.Policy;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>Receipts as a person gets them (an appeal through the form), and ledger events the way the site's own handlers append them.</summary>
public static class Receipts
{
    /// <summary>Posts an appeal and returns its receipt id and the subject it was filed under.</summary>
    public static async Task<(string Id, Guid SubjectId)> IssueAsync(SiteFactory site, HttpClient client, string culture, string email,
        bool marketing = false, string lastName = "Сейтқазы")
    {
        var fields = Forms.ValidAppeal(lastName: lastName, email: email);
        if (marketing)
        {
            fields["Form.ConsentToMarketing"] = "true";
        }

        var response = await Forms.PostAppealAsync(client, culture, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = response.Headers.Location!.OriginalString.Split('/')[^1];
        var subject = await site.WithDbAsync(db => Task.FromResult(db.ConsentReceipts.Single(r => r.Id == id).SubjectId));
        return (id, subject);
    }

    /// <summary>Appends one event through the ledger, under the current policy version, as a handler of the site would.</summary>
    public static async Task AppendAsync(SiteFactory site, Guid subjectId, ConsentPurpose purpose, ConsentAction action, string language,
        ConsentChannel channel, string? receiptId, string? evidence, string wording = "Test wording")
    {
        await using var scope = site.Scope();
        var policy = await scope.ServiceProvider.GetRequiredService<PolicyCatalog>().CurrentAsync(CancellationToken.None);
        var ledger = scope.ServiceProvider.GetRequiredService<ConsentLedger>();
        await ledger.CommitAsync([new ConsentEvent(subjectId, purpose, action, policy.Number, policy.TextIn(language).Sha256, language,
            channel, DateTimeOffset.UtcNow, wording, receiptId, evidence)], CancellationToken.None);
    }
}
