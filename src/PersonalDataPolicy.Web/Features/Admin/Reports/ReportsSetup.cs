using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PersonalDataPolicy.Web.Features.Admin.Reports;

public static class ReportsSetup
{
    /// <summary>The compliance reports and the evidence pack; the breach register replaces <see cref="NoBreachRegister"/> by registering its own <see cref="IIncidentReport"/>.</summary>
    public static IServiceCollection AddComplianceReports(this IServiceCollection services)
    {
        services.AddScoped<ComplianceReports>();
        services.AddScoped<Evidence.EvidencePackBuilder>();
        services.TryAddScoped<IIncidentReport, NoBreachRegister>();
        return services;
    }
}
