using Xunit.Abstractions;

[assembly: TestCollectionOrderer("PersonalDataPolicy.Web.Tests.Infrastructure.PostgreSqlFirst", "PersonalDataPolicy.Web.Tests")]

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Starts the <see cref="OnPostgreSql"/> collection first, the others after it in a fixed order. Its classes run one
/// after another and together take longer than any other collection (the two-process test waits out leases), so
/// started late it ran on alone at the end of the parallel part of the run.
/// </summary>
public sealed class PostgreSqlFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == OnPostgreSql.Name ? 0 : 1).ThenBy(c => c.UniqueID);
}
