using System.Text.Json;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>
/// The notification of a breach to the authorized body, in one language, as words ready to print. Law 94-V art. 25
/// p. 2 sub-p. 8 requires the contacts of the person responsible for organising processing; the rest follows the
/// incident record (docs/data-protection.md#breaches). Once sent it is stored as JSON and never rebuilt.
/// </summary>
public sealed record AuthorityNotice(
    string Language, int Number, string Date, string OperatorName, string Bin, string Address, string OperatorEmail, string OperatorPhone,
    string ResponsiblePosition, string ResponsibleEmail, string ResponsiblePhone, string Discovered, string? Occurred, string Categories,
    int SubjectCount, string Cause, string Consequences, string Measures, string RecordedBy)
{
    public static AuthorityNotice Compose(BreachIncident incident, OperatorOptions fund, string recordedBy, string language, DateTimeOffset at, IStringLocalizer t)
    {
        using var scope = new CultureScope(language);
        return new AuthorityNotice(language, incident.Number, SiteDates.Format(at), fund.Name.In(language), fund.Bin ?? string.Empty, fund.Address.In(language),
            fund.Email ?? string.Empty, fund.Phone ?? string.Empty, fund.ResponsiblePerson.Position.In(language), fund.ResponsiblePerson.Email ?? string.Empty,
            fund.ResponsiblePerson.Phone ?? string.Empty, SiteDates.Format(incident.DiscoveredAt), incident.OccurredAt is { } o ? SiteDates.Format(o) : null,
            CategoriesIn(incident.Categories, t), incident.SubjectCount, incident.Cause, incident.Consequences, incident.Measures, recordedBy);
    }

    public static string CategoriesIn(DataCategories categories, IStringLocalizer t) =>
        string.Join(", ", BreachForm.Offered.Where(c => categories.HasFlag(c)).Select(c => t[$"Category_{c}"].Value));

    public string ToJson() => JsonSerializer.Serialize(this);

    public static AuthorityNotice FromJson(string json) => JsonSerializer.Deserialize<AuthorityNotice>(json)
        ?? throw new InvalidOperationException("A stored breach notification could not be read.");
}
