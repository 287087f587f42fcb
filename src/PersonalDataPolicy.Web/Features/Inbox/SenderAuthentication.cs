using MimeKit;
using MimeKit.Cryptography;

namespace PersonalDataPolicy.Web.Features.Inbox;

/// <summary>
/// Whether the fund's own receiving server vouched for the From address (RFC 8601 Authentication-Results): DMARC pass
/// for the From domain, or a DKIM signature that passed for it. Only the topmost header with a trusted authserv-id
/// counts — the receiving server adds it last and strips forged ones with its id — and a From header alone proves nothing.
/// </summary>
public static class SenderAuthentication
{
    public static bool FromIsAuthenticated(MimeMessage message, IReadOnlyCollection<string> trustedServers)
    {
        var domain = message.From.Mailboxes.FirstOrDefault()?.Domain;
        if (string.IsNullOrEmpty(domain) || trustedServers.Count == 0)
        {
            return false;
        }

        var trusted = message.Headers
            .Where(h => h.Id == HeaderId.AuthenticationResults)
            .Select(h => AuthenticationResults.TryParse(h.RawValue, out var results) ? results : null)
            .FirstOrDefault(r => r is not null && trustedServers.Contains(r.AuthenticationServiceIdentifier, StringComparer.OrdinalIgnoreCase));
        return trusted is not null && trusted.Results.Any(result => Passes(result, domain));
    }

    private static bool Passes(AuthenticationMethodResult result, string domain) =>
        string.Equals(result.Result, "pass", StringComparison.OrdinalIgnoreCase) && result.Method.ToLowerInvariant() switch
        {
            "dmarc" => Property(result, "header", "from") is { } from && from.Equals(domain, StringComparison.OrdinalIgnoreCase),
            "dkim" => Property(result, "header", "d") is { } signer && signer.Equals(domain, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    private static string? Property(AuthenticationMethodResult result, string type, string name) =>
        result.Properties.FirstOrDefault(p => p.PropertyType.Equals(type, StringComparison.OrdinalIgnoreCase) && p.Property.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}
