using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>
/// The app's short session, bought with a mailed code: a bearer token sealed by the site's Data Protection key ring (no
/// JWT: nobody but this site reads it, and the ring is already shared by the instances and rotated). It names the person
/// and the used code's row; the session lives only while that row is on record, so signing out or withdrawing ends it at once.
/// </summary>
public static class AppSession
{
    public const string Scheme = "AppSession";
    public const string Policy = "AppSession";
    public const string SubjectClaim = "subject";
    public const string SessionClaim = "app-session";

    public static Guid? SubjectId(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(SubjectClaim), out var id) ? id : null;

    public static Guid? SessionId(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : null;
}

public sealed class AppSessionTokens(IDataProtectionProvider provider, IOptions<ApiOptions> options, TimeProvider clock)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MobileApp.Session.v1");

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid subjectId, Guid sessionId)
    {
        var expiresAt = clock.GetUtcNow() + options.Value.SessionLifetime;
        var payload = string.Join('|', subjectId.ToString("D"), sessionId.ToString("D"), expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return (_protector.Protect(payload), expiresAt);
    }

    public (Guid SubjectId, Guid SessionId)? Read(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts.Length == 3 && Guid.TryParse(parts[0], out var subject) && Guid.TryParse(parts[1], out var session)
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
               && clock.GetUtcNow().ToUnixTimeSeconds() < expires
            ? (subject, session)
            : null;
    }
}

/// <summary>Reads <c>Authorization: Bearer …</c> and nothing else: a cookie of the website signs nobody in here.</summary>
public sealed class AppSessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppSessionTokens tokens,
    AppDbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (tokens.Read(header["Bearer ".Length..].Trim()) is not var (subjectId, sessionId)
            || !await db.AppAccessCodes.AnyAsync(c => c.Id == sessionId && c.SubjectId == subjectId && c.UsedAt != null, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The token is not valid or the session has ended.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(AppSession.SubjectClaim, subjectId.ToString("D")), new Claim(AppSession.SessionClaim, sessionId.ToString("D"))], AppSession.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AppSession.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "unauthorized", "Api_Problem401");
    }
}
