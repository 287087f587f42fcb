namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// A visitor who closes the tab or loses the connection mid-request is not a fault of the site: one information
/// line "client went away" and status 499, instead of an error with a stack trace and an error page nobody reads.
/// </summary>
public static partial class ClientAborts
{
    public const int ClientClosedRequest = 499;

    /// <summary>Inside the request log, so the request's own line carries 499 and no exception.</summary>
    public static IApplicationBuilder UseClientAborts(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientAborts).FullName!);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
            {
                ClientWentAway(logger, context.Request.Method, context.Request.Path, e.GetType().Name);
                if (!context.Response.HasStarted)
                {
                    // Nobody is there to read an error page.
                    context.Response.StatusCode = ClientClosedRequest;
                    context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client went away during {Method} {Path} ({ExceptionType})")]
    private static partial void ClientWentAway(ILogger logger, string method, string path, string exceptionType);
}
