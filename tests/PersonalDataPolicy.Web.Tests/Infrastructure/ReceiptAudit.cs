using Microsoft.EntityFrameworkCore;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>Every receipt a test site issued, fetched as the person would and validated against the Kantara v1.1 schema.</summary>
public static class ReceiptAudit
{
    public static async Task<List<string>> ErrorsAsync(SiteFactory site)
    {
        var ids = await site.WithDbAsync(db => db.ConsentReceipts.AsNoTracking().Select(r => r.Id).ToListAsync());
        if (ids.Count == 0)
        {
            return [];
        }

        var schema = await ReceiptSchemaTests.KantaraSchemaAsync();
        var client = site.CreateClient();
        var errors = new List<string>();
        foreach (var id in ids)
        {
            var response = await client.GetAsync($"/en/consent/receipts/{id}.json");
            if (!response.IsSuccessStatusCode)
            {
                errors.Add($"{id}: HTTP {(int)response.StatusCode}");
                continue;
            }

            errors.AddRange(schema.Validate(await response.Content.ReadAsStringAsync()).Select(e => $"{id}: {e}"));
        }

        return errors;
    }
}
