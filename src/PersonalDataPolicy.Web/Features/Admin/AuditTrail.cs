using Microsoft.AspNetCore.Identity;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Admin;

/// <summary>Writes the audit log for the signed-in staff member, in the caller's unit of work.</summary>
public sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public const string PurposeCookie = "access-purpose";

    public AuditEntry Record(AuditAction action, Guid? subjectId, AccessPurpose? purpose = null, string? details = null)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("Audit entries are written within a request.");
        var staffId = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value
            ?? throw new InvalidOperationException("Audit entries need a signed-in staff member.");
        var entry = new AuditEntry(staffId, action, subjectId, context.Request.Path.Value ?? string.Empty, purpose, details, clock.GetUtcNow());
        db.AuditLog.Add(entry);
        return entry;
    }

    /// <summary>The purpose this staff member gave last; offered first next time, so asking costs one click.</summary>
    public static AccessPurpose? LastPurpose(HttpRequest request) =>
        Enum.TryParse<AccessPurpose>(request.Cookies[PurposeCookie], out var purpose) ? purpose : null;

    public static void RememberPurpose(HttpResponse response, AccessPurpose purpose) =>
        response.Cookies.Append(PurposeCookie, purpose.ToString(), new CookieOptions { Path = StaffAccounts.AreaPath, HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromHours(8) });
}
