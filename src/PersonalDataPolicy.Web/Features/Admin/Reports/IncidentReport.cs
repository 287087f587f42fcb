namespace PersonalDataPolicy.Web.Features.Admin.Reports;

/// <summary>Personal-data breaches found in one month (Law 94-V art. 25 p. 2 sub-p. 8), and how many were notified within the one-working-day clock.</summary>
public sealed record IncidentMonthRow(ReportMonth Month, int Found, int SubjectsAffected, int NotifiedInTime);

/// <summary>
/// The seam between the reports and the breach register, which is built separately (issue 15). Until the register
/// provides an implementation, <see cref="NoBreachRegister"/> answers null and the report page says the register is
/// not part of this build, rather than showing a month of zero incidents as if it were a fact. The register adds
/// its CSV beside the others in <see cref="ReportsController"/> when it lands.
/// </summary>
public interface IIncidentReport
{
    Task<IReadOnlyList<IncidentMonthRow>?> PerMonthAsync(ReportMonth first, ReportMonth last, CancellationToken cancellationToken);
}

public sealed class NoBreachRegister : IIncidentReport
{
    public Task<IReadOnlyList<IncidentMonthRow>?> PerMonthAsync(ReportMonth first, ReportMonth last, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IncidentMonthRow>?>(null);
}
