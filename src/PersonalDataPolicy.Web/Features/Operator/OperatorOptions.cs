using System.ComponentModel.DataAnnotations;

namespace PersonalDataPolicy.Web.Features.Operator;

/// <summary>
/// The "Operator" configuration section: the facts about the fund that a consent must name (Law 94-V art. 8 p. 4
/// sub-p. 1) and that receipts and the policy page show (art. 25 p. 2 sub-p. 10). None has a default: the BIN, legal
/// address, e-mail and responsible person could not be confirmed from public sources, so the fund sets them and a
/// start without them fails (docs/data-protection.md, "Operator").
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>Full name, as registered, in each site language.</summary>
    public InEachLanguage Name { get; set; } = new();

    /// <summary>Business identification number: 12 digits.</summary>
    [Required, RegularExpression(@"^\d{12}$", ErrorMessage = "Operator:Bin is the fund's 12-digit business identification number (БИН).")]
    public string? Bin { get; set; }

    /// <summary>Legal address, in each site language.</summary>
    public InEachLanguage Address { get; set; } = new();

    [Required, EmailAddress]
    public string? Email { get; set; }

    [Required]
    public string? Phone { get; set; }

    /// <summary>The fund's public site, as the policy names it.</summary>
    [Required, Url]
    public string? Site { get; set; }

    /// <summary>Art. 25 p. 2 sub-p. 10: the person responsible for organising the processing of personal data.</summary>
    public ResponsiblePerson ResponsiblePerson { get; set; } = new();

    /// <summary>Everything data annotations cannot say about the nested parts; null when the section is complete.</summary>
    public string? Problem() =>
        Name.Missing("Operator:Name") ?? Address.Missing("Operator:Address") ?? ResponsiblePerson.Position.Missing("Operator:ResponsiblePerson:Position")
        ?? (string.IsNullOrWhiteSpace(ResponsiblePerson.Email) || !new EmailAddressAttribute().IsValid(ResponsiblePerson.Email)
            ? "Operator:ResponsiblePerson:Email is required (an e-mail address)." : null)
        ?? (string.IsNullOrWhiteSpace(ResponsiblePerson.Phone) ? "Operator:ResponsiblePerson:Phone is required." : null);
}

/// <summary>The person responsible for organising processing: a position (and name, if the fund publishes one) and a contact.</summary>
public sealed class ResponsiblePerson
{
    /// <summary>Position and, where published, name, in each site language.</summary>
    public InEachLanguage Position { get; set; } = new();

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

/// <summary>One text in Kazakh, Russian and English.</summary>
public sealed class InEachLanguage
{
    public string? Kk { get; set; }
    public string? Ru { get; set; }
    public string? En { get; set; }

    public string In(string language) => language switch
    {
        SiteLanguages.Kazakh => Kk,
        SiteLanguages.Russian => Ru,
        _ => En,
    } ?? string.Empty;

    public string? Missing(string key) =>
        string.IsNullOrWhiteSpace(Kk) || string.IsNullOrWhiteSpace(Ru) || string.IsNullOrWhiteSpace(En) ? $"{key} is required in kk, ru and en." : null;
}
