using Microsoft.AspNetCore.Mvc;

namespace PersonalDataPolicy.Web.Features.Analytics;

/// <summary>
/// Global Privacy Control (https://privacycg.github.io/gpc-spec/): a browser that sends <c>Sec-GPC: 1</c> asks sites not to
/// sell or share its user's data. The site takes it as a refusal of statistics and of marketing by default — it counts
/// nothing without a choice anyway, and never ticks the marketing box — and says so where the person would choose
/// otherwise; an explicit choice still wins.
/// </summary>
public sealed class GlobalPrivacyControl : Controller
{
    public static bool Signalled(HttpRequest request) => request.Headers["Sec-GPC"] == "1";

    /// <summary>The site's statement that it honours the signal (GPC specification, section "well-known resource").</summary>
    [HttpGet("/.well-known/gpc.json")]
    public IActionResult WellKnown() => Json(new { gpc = true, lastUpdate = "2026-12-03" });
}
