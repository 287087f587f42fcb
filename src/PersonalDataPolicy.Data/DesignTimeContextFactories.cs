using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PersonalDataPolicy.Data.Protection;

namespace PersonalDataPolicy.Data;

/// <summary>Lets `dotnet ef migrations add` build each provider's model without the web host or real keys.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options, DesignTimeProtector.Instance);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=design-time;Database=PersonalDataPolicy").Options, DesignTimeProtector.Instance);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=design-time;Database=personal_data_policy").Options, DesignTimeProtector.Instance);
}

/// <summary>Never used on data: the design-time model only needs to know which columns are converted.</summary>
public sealed class DesignTimeProtector : IPersonalDataProtector
{
    public static readonly DesignTimeProtector Instance = new();

    public string Protect(string plaintext) => throw new InvalidOperationException("Design-time contexts do not touch personal data.");

    public string Unprotect(string protectedText) => throw new InvalidOperationException("Design-time contexts do not touch personal data.");
}
