using System.Text;

namespace PersonalDataPolicy.Subjects;

/// <summary>One spelling per mailbox, so a repeat visitor is recognised whatever case or spacing they typed.</summary>
public static class EmailAddressNormalizer
{
    public static string Normalize(string email) => email.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>Masks an address for display on a receipt: a***@e***.kz.</summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0)
        {
            return "***";
        }

        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var maskedDomain = dot > 0 ? domain[..1] + "***" + domain[dot..] : "***";
        return email[..1] + "***@" + maskedDomain;
    }
}
