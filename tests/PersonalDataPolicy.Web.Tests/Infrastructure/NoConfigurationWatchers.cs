using System.Runtime.CompilerServices;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Every test site would otherwise watch its appsettings files, one inotify instance each; with many sites alive at once
/// a machine's limit (128 by default on Linux) is reached and unrelated tests fail at start. Tests never edit those files.
/// Runs when this assembly is first touched, before any site (in-process, or a child process inheriting it) is built.
/// </summary>
internal static class NoConfigurationWatchers
{
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
