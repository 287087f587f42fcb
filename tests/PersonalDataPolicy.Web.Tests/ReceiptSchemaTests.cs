using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Every receipt the site issues is a valid Kantara Consent Receipt v1.1: the specification's JSON schema (Schemas/README.md)
/// checks each one, in every state a receipt can be in.
/// </summary>
public sealed class ReceiptSchemaTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Every_receipt_in_every_state_validates_against_the_Kantara_v1_1_schema()
    {
        var schema = await KantaraSchemaAsync();
        var checkedStates = new List<string>();

        var processingOnly = await Receipts.IssueAsync(site, _client, "en", "schema.processing@example.kz");
        checkedStates.Add(await ValidateAsync(schema, processingOnly.Id, "en", ("PersonalDataProcessing", "granted"), ("MarketingNotifications", "notGiven")));

        // Marketing ticked: granted or, with double opt-in, requested until the mailbox confirms; either way a valid receipt.
        var ticked = await Receipts.IssueAsync(site, _client, "ru", "schema.ticked@example.kz", marketing: true);
        checkedStates.Add(await ValidateAsync(schema, ticked.Id, "ru"));

        // Requested (double opt-in: asked on the form, not confirmed), then confirmed by the button in the mail.
        var requested = await Receipts.IssueAsync(site, _client, "kk", "schema.requested@example.kz");
        await Receipts.AppendAsync(site, requested.SubjectId, ConsentPurpose.MarketingNotifications, ConsentAction.Requested, "kk",
            ConsentChannel.WebForm, requested.Id, $"form:{requested.Id}");
        checkedStates.Add(await ValidateAsync(schema, requested.Id, "kk", ("PersonalDataProcessing", "granted"), ("MarketingNotifications", "requested")));
        await Receipts.AppendAsync(site, requested.SubjectId, ConsentPurpose.MarketingNotifications, ConsentAction.Granted, "kk",
            ConsentChannel.Email, requested.Id, $"link:{Guid.NewGuid()}");
        checkedStates.Add(await ValidateAsync(schema, requested.Id, "kk", ("MarketingNotifications", "granted")));

        // Opted out of marketing through the site's own use case (policy §4.2).
        var optedOut = await Receipts.IssueAsync(site, _client, "en", "schema.optout@example.kz");
        await Receipts.AppendAsync(site, optedOut.SubjectId, ConsentPurpose.MarketingNotifications, ConsentAction.Granted, "en",
            ConsentChannel.WebForm, optedOut.Id, $"form:{optedOut.Id}");
        await UseRightsAsync(optedOut.SubjectId, (services, subject) => services.GetRequiredService<OptOutHandler>().HandleAsync(subject, RequestChannel.Web, "en", "session:my-data", CancellationToken.None));
        checkedStates.Add(await ValidateAsync(schema, optedOut.Id, "en", ("PersonalDataProcessing", "granted"), ("MarketingNotifications", "withdrawn")));

        // Withdrew consent to processing (policy §6.5): blocked now, destroyed later.
        var withdrawn = await Receipts.IssueAsync(site, _client, "ru", "schema.withdraw@example.kz");
        await UseRightsAsync(withdrawn.SubjectId, (services, subject) => services.GetRequiredService<WithdrawConsentHandler>().HandleAsync(subject, RequestChannel.Email, "ru", "session:my-data", CancellationToken.None));
        checkedStates.Add(await ValidateAsync(schema, withdrawn.Id, "ru", ("PersonalDataProcessing", "withdrawn"), ("MarketingNotifications", "notGiven")));

        // Destroyed: no personal data left, yet the receipt and its ledger events stand.
        var destroyed = await Receipts.IssueAsync(site, _client, "en", "schema.destroyed@example.kz", marketing: true);
        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<PersonalDataLifecycle>().DestroyAsync(destroyed.SubjectId, new PersonalDataPolicy.Erasure.ErasureDecision(PersonalDataPolicy.Erasure.ErasureGround.SubjectDemand, "staff-1"), DateTimeOffset.UtcNow, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        checkedStates.Add(await ValidateAsync(schema, destroyed.Id, "en", ("PersonalDataProcessing", "granted")));
        output.WriteLine("States checked: " + string.Join("; ", checkedStates));

        // Then every receipt in this database, in each language of the site.
        var ids = await site.WithDbAsync(db => db.ConsentReceipts.Select(r => r.Id).ToListAsync());
        var errors = new List<string>();
        foreach (var id in ids)
        {
            foreach (var culture in SiteLanguages.All)
            {
                var json = await _client.GetStringAsync($"/{culture}/consent/receipts/{id}.json");
                errors.AddRange(schema.Validate(json).Select(e => $"{id} ({culture}): {e}"));
            }
        }

        var summary = $"{ids.Count} receipts validated, {errors.Count} errors";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(errors.Count == 0, summary + "\n" + string.Join('\n', errors));
        Assert.True(ids.Count >= 6, summary);
    }

    [Fact]
    public async Task The_schema_check_is_not_vacuous_a_receipt_missing_a_required_field_or_with_an_undeclared_third_party_fails()
    {
        var schema = await KantaraSchemaAsync();
        var (id, _) = await Receipts.IssueAsync(site, _client, "en", "schema.broken@example.kz");
        var receipt = JsonNode.Parse(await _client.GetStringAsync($"/en/consent/receipts/{id}.json"))!.AsObject();
        Assert.Empty(schema.Validate(receipt.ToJsonString()));

        var withoutPolicy = receipt.DeepClone().AsObject();
        withoutPolicy.Remove("policyUrl");
        var unnamedThirdParty = receipt.DeepClone().AsObject();
        unnamedThirdParty["services"]![0]!["purposes"]![0]!["thirdPartyDisclosure"] = true;

        Assert.NotEmpty(schema.Validate(withoutPolicy.ToJsonString()));
        Assert.NotEmpty(schema.Validate(unnamedThirdParty.ToJsonString()));
    }

    /// <summary>The schema as published, with its leading <c>//</c> comment lines taken out (JSON has no comments).</summary>
    public static async Task<JsonSchema> KantaraSchemaAsync()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", "kantara-consent-receipt-v1_1-schema.json");
        var lines = (await File.ReadAllLinesAsync(path)).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal));
        return await JsonSchema.FromJsonAsync(string.Join('\n', lines));
    }

    /// <summary>Validates the receipt as the given language serves it, checks the expected states, and names what it checked.</summary>
    private async Task<string> ValidateAsync(JsonSchema schema, string id, string culture, params (string Purpose, string State)[] expected)
    {
        var json = await _client.GetStringAsync($"/{culture}/consent/receipts/{id}.json");
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, $"{id}: " + string.Join('\n', errors.Select(e => e.ToString())));

        using var document = JsonDocument.Parse(json);
        var states = document.RootElement.GetProperty("services")[0].GetProperty("purposes").EnumerateArray()
            .ToDictionary(p => p.GetProperty("purposeId").GetString()!, p => p.GetProperty("state").GetString()!);
        foreach (var (purpose, state) in expected)
        {
            Assert.Equal(state, states[purpose]);
        }

        return string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"));
    }

    private async Task UseRightsAsync(Guid subjectId, Func<IServiceProvider, PersonalDataPolicy.Subjects.DataSubject, Task> act)
    {
        await using var scope = site.Scope();
        var subject = await scope.ServiceProvider.GetRequiredService<SubjectRights>().ActiveSubjectAsync(subjectId, CancellationToken.None);
        Assert.NotNull(subject);
        await act(scope.ServiceProvider, subject);
    }
}
