using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Ledger;

public static class LedgerSetup
{
    /// <summary>Signed checkpoints of the consent ledger outside the database, and its scheduled verification (issue 10 §4).</summary>
    public static IServiceCollection AddLedgerIntegrity(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>()
            .BindConfiguration(LedgerOptions.SectionName)
            .PostConfigure<IOptions<DatabaseOptions>, IHostEnvironment>((o, database, environment) => o.CheckpointFile = Path.GetFullPath(
                o.CheckpointFile ?? Path.Combine(database.Value.DataDirectory, "ledger-checkpoints.jsonl"), environment.ContentRootPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<LedgerCheckpoints>();
        services.AddSingleton<ILedgerCheckpoints>(sp => sp.GetRequiredService<LedgerCheckpoints>());
        services.AddSingleton<VerifyLedgerHandler>();
        services.AddSingleton<LedgerVerificationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerVerificationWorker>());
        return services;
    }
}
