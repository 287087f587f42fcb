using Microsoft.AspNetCore.DataProtection;
using PersonalDataPolicy.Web.Features.Operator;

namespace PersonalDataPolicy.Web.Features.Marketing;

/// <summary>
/// The link in every marketing mail. It carries the subject's opaque id, encrypted and authenticated by Data
/// Protection, so it cannot be forged or turned into someone else's; it never expires, as RFC 8058 expects.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider provider, PublicLinks links)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PersonalDataPolicy.Unsubscribe.v1");

    public string Url(Guid subjectId, string language) => links.Action("Confirm", "Unsubscribe", new { culture = language, token = _protector.Protect(subjectId.ToString("N")) });

    public Guid? SubjectOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 500)
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
