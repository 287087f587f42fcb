using Microsoft.EntityFrameworkCore;
using NJsonSchema;

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

        var schema = await KantaraSchemaAsync();
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

    /// <summary>The schema as published, with its leading <c>//</c> comment lines taken out (JSON has no comments).</summary>
    public static async Task<JsonSchema> KantaraSchemaAsync()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", "kantara-consent-receipt-v1_1-schema.json");
        var lines = (await File.ReadAllLinesAsync(path)).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal));
        return await JsonSchema.FromJsonAsync(string.Join('\n', lines));
    }
}
