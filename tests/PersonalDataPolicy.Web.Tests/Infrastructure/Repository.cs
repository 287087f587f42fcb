namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>Files of the repository the tests check against (docs, resources).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PersonalDataPolicy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PersonalDataPolicy.sln not found above " + AppContext.BaseDirectory);
    }
}
