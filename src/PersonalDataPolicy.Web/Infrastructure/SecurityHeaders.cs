namespace PersonalDataPolicy.Web.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>Request bodies larger than this are refused before anything reads them (the policy drafts are the largest forms).</summary>
    public const long MaxRequestBodyBytes = 1_000_000;

    /// <summary>
    /// Everything the pages load comes from the site itself: no inline script or style, no framing, no
    /// referrer to other sites, no device features. Oversized bodies get 413 and file uploads 415 —
    /// the site accepts no files.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";

        var request = context.Request;
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        if (reExecuted)
        {
            // The error page for this very request: let it render.
        }
        else if (request.ContentLength > MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        else if (request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        await next();
    });
}
