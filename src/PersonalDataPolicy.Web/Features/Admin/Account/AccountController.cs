using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Admin.Dashboard;
using PersonalDataPolicy.Web.Infrastructure;
using QRCoder;

namespace PersonalDataPolicy.Web.Features.Admin.Account;

/// <summary>Signing in and out, the second factor, recovery codes, password and language of a staff member.</summary>
[Route("admin")]
public sealed class AccountController(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, StaffSignIn staffSignIn, IStringLocalizer<SharedResource> t) : AdminController
{
    private const string Issuer = "PersonalDataPolicy";

    [HttpGet("sign-in")]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in")]
    [AllowAnonymous]
    [ClientBudget(RateLimits.StaffSignIn)]
    public async Task<IActionResult> SignIn(SignInForm form, CancellationToken cancellationToken)
    {
        var (outcome, user) = await staffSignIn.PasswordAsync(form.Email, form.Password, cancellationToken);
        return outcome switch
        {
            StaffSignInOutcome.SignedIn => SignedIn(user!, form.ReturnUrl),
            StaffSignInOutcome.NeedsSecondFactor => RedirectToAction(nameof(Code), new { returnUrl = form.ReturnUrl }),

            // One message for every failure (unknown, wrong, locked, throttled), so the page does not tell which addresses are staff.
            _ => Refused(form, "Admin_SignInFailed"),
        };
    }

    [HttpGet("sign-in/code")]
    [AllowAnonymous]
    public IActionResult Code(string? returnUrl) => View(new CodeForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in/code")]
    [AllowAnonymous]
    [ClientBudget(RateLimits.StaffSignIn)]
    public async Task<IActionResult> Code(CodeForm form, CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(SignIn));
        }

        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = await staffSignIn.SecondFactorAsync(user, code, recoveryCode: false, cancellationToken);
        if (result.Succeeded)
        {
            return SignedIn(user, form.ReturnUrl);
        }

        ModelState.AddModelError(nameof(form.Code), t[result.IsLockedOut ? "Admin_LockedOut" : "Admin_CodeWrong"]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpGet("sign-in/recovery")]
    [AllowAnonymous]
    public IActionResult Recovery(string? returnUrl) => View(new CodeForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in/recovery")]
    [AllowAnonymous]
    [ClientBudget(RateLimits.StaffSignIn)]
    public async Task<IActionResult> Recovery(CodeForm form, CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(SignIn));
        }

        var result = await staffSignIn.SecondFactorAsync(user, (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal), recoveryCode: true, cancellationToken);
        if (result.Succeeded)
        {
            return SignedIn(user, form.ReturnUrl);
        }

        ModelState.AddModelError(nameof(form.Code), t["Admin_CodeWrong"]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpPost("sign-out")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> SignOutOfAdmin()
    {
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("denied")]
    [AllowAnonymous]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("account")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> Index() => View(await CurrentUserAsync());

    [HttpGet("account/password")]
    [AllowWithoutSecondFactor]
    public IActionResult Password() => View(new PasswordForm());

    [HttpPost("account/password")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> Password(PasswordForm form)
    {
        var user = await CurrentUserAsync();
        if (form.NewPassword != form.ConfirmPassword)
        {
            ModelState.AddModelError(nameof(form.ConfirmPassword), t["Admin_PasswordsDiffer"]);
        }
        else
        {
            var result = await users.ChangePasswordAsync(user, form.CurrentPassword ?? string.Empty, form.NewPassword ?? string.Empty);
            if (result.Succeeded)
            {
                user.MustChangePassword = false;
                await users.UpdateAsync(user);
                await signIn.RefreshSignInAsync(user);
                TempData["AdminNotice"] = "Admin_PasswordChanged";
                return RedirectToAction(nameof(Index));
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(form.NewPassword), t[$"Identity_{error.Code}"].ResourceNotFound ? t["Admin_PasswordRejected"] : t[$"Identity_{error.Code}"]);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpGet("account/two-factor")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> TwoFactor()
    {
        var user = await CurrentUserAsync();
        return View(await SetupAsync(user));
    }

    [HttpPost("account/two-factor")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> TwoFactor(CodeForm form)
    {
        var user = await CurrentUserAsync();
        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(form.Code), t["Admin_CodeWrong"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await SetupAsync(user));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await signIn.RefreshSignInAsync(user);
        return View("RecoveryCodes", codes.ToList());
    }

    [HttpPost("account/recovery-codes")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await CurrentUserAsync();
        if (!user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(TwoFactor));
        }

        return View("RecoveryCodes", (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []).ToList());
    }

    /// <summary>Ends every session of this account, on every device, within the security-stamp interval.</summary>
    [HttpPost("account/sign-out-everywhere")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> SignOutEverywhere()
    {
        var user = await CurrentUserAsync();
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpPost("account/language")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> Language(string language, string? returnUrl)
    {
        if (SiteLanguages.IsSupported(language))
        {
            var user = await CurrentUserAsync();
            user.PreferredLanguage = language;
            await users.UpdateAsync(user);
            StaffAccounts.SetLanguage(Response, language);
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Dashboard();
    }

    [HttpGet("set-password")]
    [AllowAnonymous]
    public IActionResult SetPassword(string? user, string? token) => View(new SetPasswordForm { User = user, Token = token });

    /// <summary>An invited staff member chooses a password from the link in the invitation.</summary>
    [HttpPost("set-password")]
    [AllowAnonymous]
    public async Task<IActionResult> SetPassword(SetPasswordForm form)
    {
        var user = string.IsNullOrEmpty(form.User) ? null : await users.FindByIdAsync(form.User);
        if (form.NewPassword != form.ConfirmPassword)
        {
            ModelState.AddModelError(nameof(form.ConfirmPassword), t["Admin_PasswordsDiffer"]);
        }
        else if (user is { IsActive: true })
        {
            var result = await users.ResetPasswordAsync(user, form.Token ?? string.Empty, form.NewPassword ?? string.Empty);
            if (result.Succeeded)
            {
                user.MustChangePassword = false;
                await users.UpdateAsync(user);
                TempData["AdminNotice"] = "Admin_PasswordSet";
                return RedirectToAction(nameof(SignIn));
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(form.NewPassword), t[$"Identity_{error.Code}"].ResourceNotFound ? t["Admin_PasswordRejected"] : t[$"Identity_{error.Code}"]);
            }
        }
        else
        {
            ModelState.AddModelError(nameof(form.NewPassword), t["Admin_InvalidToken"]);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    private async Task<StaffUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in staff member not found.");

    /// <summary>Back to the page that asked for sign-in, if it is a staff page; else the dashboard.</summary>
    private IActionResult SignedIn(StaffUser user, string? returnUrl)
    {
        StaffAccounts.SetLanguage(Response, user.PreferredLanguage);
        var dashboard = Url.Action(nameof(DashboardController.Index), "Dashboard")!;
        return Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith(dashboard, StringComparison.Ordinal) ? LocalRedirect(returnUrl) : Dashboard();
    }

    private RedirectToActionResult Dashboard() => RedirectToAction(nameof(DashboardController.Index), "Dashboard");

    private ViewResult Refused(SignInForm form, string messageKey)
    {
        ModelState.AddModelError(nameof(form.Email), t[messageKey]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = null;
        return View(form);
    }

    private async Task<TwoFactorSetup> SetupAsync(StaffUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);

            // A new key changes the security stamp; renew this session's cookie so it is not signed out.
            await signIn.RefreshSignInAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var svg = new SvgQRCode(data).GetGraphic(5);
        var grouped = string.Join(' ', key!.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        return new TwoFactorSetup(grouped, "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg)), user.TwoFactorEnabled);
    }
}

public sealed class SignInForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class CodeForm
{
    public string? Code { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class PasswordForm
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class SetPasswordForm
{
    public string? User { get; set; }
    public string? Token { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed record TwoFactorSetup(string SharedKey, string QrCodeDataUri, bool AlreadyEnabled);
