using Xunit.Abstractions;

[assembly: TestCollectionOrderer("PersonalDataPolicy.Web.Tests.Infrastructure.PostgreSqlFirst", "PersonalDataPolicy.Web.Tests")]

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Starts the <see cref="OnPostgreSql"/> collection first, then the classes that take longest, the others after them in
/// a fixed order. The PostgreSQL classes run one after another and together take longer than any other collection (the
/// two-process test waits out leases); a long class started late ran on alone at the end of the parallel part of the run.
/// </summary>
public sealed class PostgreSqlFirst : ITestCollectionOrderer
{
    /// <summary>
    /// The longest parallel classes of the runs of 2026-12-03 and -04 (per-test times that `dotnet test` prints), longest first.
    /// The classes that drive a site in a process of its own come first: while they wait on it, the classes in the other slots
    /// and that process share the processor. The timing and memory measurements are left out: their collections do not run in
    /// parallel, so xunit runs them alone after all the others.
    /// </summary>
    private static readonly string[] Longest =
    [
        nameof(CrashTests), nameof(ReverseProxyTests), nameof(HtmlValidityTests), nameof(InboxTests), nameof(AppealSubmissionTests), nameof(PublicPageCacheTests),
        nameof(MyDataTests), nameof(LedgerIntegrityTests), nameof(BadInputCorpusTests), nameof(DatabaseOutageTests),
        nameof(SignInEnumerationTests), nameof(MobileAppContractTests),
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank).ThenBy(c => c.UniqueID);

    private static int Rank(ITestCollection collection)
    {
        if (collection.DisplayName == OnPostgreSql.Name)
        {
            return -1;
        }

        var longest = Array.FindIndex(Longest, name => collection.DisplayName.EndsWith("." + name, StringComparison.Ordinal));
        return longest >= 0 ? longest : Longest.Length;
    }
}
