using Microsoft.Extensions.FileProviders;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// The host never disposes the web root's file provider. Its file watcher (an inotify instance and a thread) starts with the
/// first page that versions a static file's URL, and that thread keeps the request's execution context — and with it the
/// whole site — alive after the site stops. So the site disposes it when it stops.
/// </summary>
public static class WebRootWatcher
{
    public static void StopWatchingOnShutdown(this WebApplication app) =>
        app.Lifetime.ApplicationStopped.Register(() => Dispose(app.Environment.WebRootFileProvider));

    private static void Dispose(IFileProvider provider)
    {
        if (provider is CompositeFileProvider composite)
        {
            foreach (var inner in composite.FileProviders)
            {
                Dispose(inner);
            }
        }

        (provider as IDisposable)?.Dispose();
    }
}
