using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// The consent sentences, with everything Law 94-V art. 8 p. 4 requires a consent to name: the operator with its BIN,
/// the person (the one named in the form: the receipt shows the name as entered), the term, third parties,
/// cross-border transfer, publication and the list of data. What the form shows is what the ledger stores.
/// </summary>
public sealed class ConsentWording(IStringLocalizer<SharedResource> t, IOptions<OperatorOptions> options)
{
    private OperatorOptions Operator => options.Value;

    /// <summary>Beside the required checkbox (policy §5.1).</summary>
    public string Processing(string language, PolicyVersion policy)
    {
        using var scope = new CultureScope(language);
        return t["Consent_Processing", Operator.Name.In(language), Operator.Bin!, t["Consent_DataList"], policy.Number, SiteDates.Format(policy.EffectiveFrom)];
    }

    /// <summary>Beside the separate, optional marketing checkbox (policy §4.2).</summary>
    public string Marketing(string language)
    {
        using var scope = new CultureScope(language);
        return t["Consent_Marketing", Operator.Name.In(language), Operator.Bin!];
    }

    /// <summary>
    /// The sentences of a consent, for display one under another (the law makes the text long; a phone reader scans it
    /// better so). Joined with spaces they are the stored wording again, word for word.
    /// </summary>
    public static IReadOnlyList<string> Sentences(string wording) =>
        wording.Split(". ", StringSplitOptions.RemoveEmptyEntries) is var parts
            ? parts.Select((part, i) => i < parts.Length - 1 ? part + "." : part).ToList()
            : [];

    /// <summary>The list of data a consent covers (art. 8 p. 4 sub-p. 7), in the given language.</summary>
    public string DataList(string language)
    {
        using var scope = new CultureScope(language);
        return t["Consent_DataList"];
    }
}
