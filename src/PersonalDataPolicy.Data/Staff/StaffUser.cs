using Microsoft.AspNetCore.Identity;

namespace PersonalDataPolicy.Data.Staff;

/// <summary>A member of the fund's staff. Visitors never get accounts; only staff sign in.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The language of the admin area for this person (kk, ru or en).</summary>
    public string PreferredLanguage { get; set; } = SiteLanguages.Default;

    /// <summary>Deactivated accounts cannot sign in; their history stays.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Set for a one-time password: the first sign-in must choose a new one.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The three kinds of staff the design card names.</summary>
public static class StaffRoles
{
    public const string Administrator = "Administrator";
    public const string Staff = "Staff";
    public const string ComplianceOfficer = "ComplianceOfficer";

    public static readonly IReadOnlyList<string> All = [Administrator, Staff, ComplianceOfficer];

    /// <summary>Roles that must use an authenticator app (TOTP) as a second factor.</summary>
    public static readonly IReadOnlyList<string> RequireTwoFactor = [Administrator, ComplianceOfficer];

    /// <summary>Roles granted only when a second staff member approves (four eyes).</summary>
    public static readonly IReadOnlyList<string> RequireSecondApproval = [Administrator, ComplianceOfficer];
}
