using PersonalDataPolicy.Appeals;

namespace PersonalDataPolicy.Web.Features.Appeals;

/// <summary>What the appeal form posts. Everything is a string or nullable so that bad input reaches the validator.</summary>
public sealed class AppealForm
{
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? Patronymic { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public ContactChannel? PreferredChannel { get; set; }
    public AppealTopic? Topic { get; set; }
    public string? Message { get; set; }

    /// <summary>Policy §5.1: required, never pre-ticked.</summary>
    public bool ConsentToProcessing { get; set; }

    /// <summary>Policy §4.2: separate, optional, never pre-ticked.</summary>
    public bool ConsentToMarketing { get; set; }

    /// <summary>The version the visitor was shown; consent is recorded against exactly this one.</summary>
    public int PolicyVersion { get; set; }
}
