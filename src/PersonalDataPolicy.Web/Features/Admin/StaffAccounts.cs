using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;

namespace PersonalDataPolicy.Web.Features.Admin;

/// <summary>ASP.NET Core Identity for the fund's staff, with its own cookie and the policies of the admin area.</summary>
public static class StaffAccounts
{
    public const string AnyStaff = "AnyStaff";
    public const string Administrators = "Administrators";
    public const string Compliance = "Compliance";
    public const string CaseWork = "CaseWork";
    public const string Erasure = "Erasure";

    /// <summary>Who may approve or reject what another staff member asked for (four eyes).</summary>
    public const string Approvals = "Approvals";

    /// <summary>Issue 15: the breach register — compliance officers and administrators.</summary>
    public const string Breaches = "Breaches";
    public const string LanguageCookie = "staff-language";

    /// <summary>
    /// Where every staff route lies (each controller's <c>[Route("admin...")]</c>, checked by a test): the scope of the staff
    /// cookies and of the staff language. A scope, not a link — links come from routing.
    /// </summary>
    public const string AreaPath = "/admin";

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<StaffUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 6;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<StaffSecretStore>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "staff-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = AreaPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });

        // The handler reads these on the first request, when the endpoints are mapped.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<LinkGenerator>((o, links) =>
        {
            o.LoginPath = PathOf(links, nameof(Account.AccountController.SignIn));
            o.LogoutPath = PathOf(links, nameof(Account.AccountController.SignOutOfAdmin));
            o.AccessDeniedPath = PathOf(links, nameof(Account.AccountController.Denied));
        });
        services.ConfigureExternalCookie(o => o.Cookie.Path = AreaPath);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => o.Cookie.Path = AreaPath);

        // "Sign out everywhere" changes the security stamp; other sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = configuration.GetValue("Staff:SessionCheckInterval", TimeSpan.FromMinutes(1)));

        services.AddAuthorizationBuilder()
            .AddPolicy(AnyStaff, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.All))
            .AddPolicy(Administrators, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Administrator))
            .AddPolicy(Compliance, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.ComplianceOfficer))
            .AddPolicy(CaseWork, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Staff, StaffRoles.Administrator))
            .AddPolicy(Erasure, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Administrator, StaffRoles.ComplianceOfficer))
            .AddPolicy(Breaches, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Administrator, StaffRoles.ComplianceOfficer))
            .AddPolicy(Approvals, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Administrator, StaffRoles.ComplianceOfficer));
        services.AddHttpContextAccessor();
        services.AddOptions<Registers.RegistersOptions>().BindConfiguration(Registers.RegistersOptions.SectionName)
            .Validate(o => o.AdequateStates.All(Registers.IsoCountries.IsAssigned), "Registers:AdequateStates holds ISO 3166-1 alpha-2 codes only.").ValidateOnStart();
        services.AddScoped<Registers.RecordTransferHandler>();
        services.AddScoped<Registers.RecordDisclosureHandler>();
        services.AddScoped<Subjects.SubjectFinder>();
        services.AddScoped<Registers.RecordWrittenConsentHandler>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<Staff.InviteStaffHandler>();
        services.AddScoped<Staff.ChangeRolesHandler>();
        services.AddScoped<Subjects.ApplyLifecycleStepHandler>();
        services.AddScoped<Requests.RegisterReceivedRequestHandler>();
        services.AddScoped<Approvals.DecideApprovalHandler>();
        services.AddScoped<Breaches.RecordBreachHandler>();
        services.AddScoped<Breaches.LinkBreachSubjectsHandler>();
        services.AddScoped<Breaches.NotifyAuthorityHandler>();
        services.AddScoped<Breaches.NotifyBreachSubjectsHandler>();
        services.AddScoped<Breaches.CloseBreachHandler>();
        // Replaces the reports' placeholder whichever is registered first (the last registration is the one resolved).
        services.AddScoped<Reports.IIncidentReport, Breaches.BreachIncidentReport>();
        services.AddScoped<Account.StaffSignIn>();
        services.AddSingleton<Account.SignInAttempts>();
        return services;
    }

    /// <summary>Creates the three roles if they are missing; runs at start after migration.</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Rewrites second-factor secrets left in plain text by earlier versions; runs at start after migration.</summary>
    public static async Task ProtectSecretsAtRestAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await StaffSecretStore.ProtectPlaintextSecretsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
    }

    private static string PathOf(LinkGenerator links, string action) =>
        links.GetPathByAction(action, "Account") ?? throw new InvalidOperationException($"No route for Account.{action}.");

    /// <summary>The admin area speaks the staff member's language, remembered in a cookie set at sign-in.</summary>
    public static void SetLanguage(HttpResponse response, string language) =>
        response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
}
