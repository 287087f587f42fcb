namespace PersonalDataPolicy.Cshi;

/// <summary>Who pays CSHI (ОСМС / МӘМС) contributions or deductions, as the fund lists the payers (Law 405-V).</summary>
public enum CshiCategory
{
    /// <summary>An employer's deductions (отчисления) for an employee, from the employer's own money.</summary>
    Employer,

    /// <summary>An employee's contributions (взносы), withheld from the salary.</summary>
    Employee,

    /// <summary>A person paid under a civil-law contract (договор ГПХ); the customer withholds.</summary>
    CivilContract,

    /// <summary>An individual entrepreneur or a person in private practice (notary, bailiff, lawyer, mediator), for themselves.</summary>
    IndividualEntrepreneur,

    /// <summary>A self-payer (самостоятельный плательщик): a person outside every other category who pays to stay insured.</summary>
    SelfPayer,

    /// <summary>A self-employed person working through an online platform, which withholds (from 2026).</summary>
    PlatformSelfEmployed,
}

/// <summary>The categories' names in URLs and in the API: stable, lower-case, hyphenated.</summary>
public static class CshiCategories
{
    public static IReadOnlyList<CshiCategory> All { get; } = Enum.GetValues<CshiCategory>();

    public static string Slug(this CshiCategory category) => category switch
    {
        CshiCategory.Employer => "employer",
        CshiCategory.Employee => "employee",
        CshiCategory.CivilContract => "civil-contract",
        CshiCategory.IndividualEntrepreneur => "individual-entrepreneur",
        CshiCategory.SelfPayer => "self-payer",
        CshiCategory.PlatformSelfEmployed => "platform-self-employed",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static CshiCategory? FromSlug(string? slug) =>
        All.Select(c => (CshiCategory?)c).FirstOrDefault(c => string.Equals(c!.Value.Slug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase));
}
