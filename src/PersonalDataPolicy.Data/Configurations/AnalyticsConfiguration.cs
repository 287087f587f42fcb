using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Analytics;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class PageViewCountConfiguration : IEntityTypeConfiguration<PageViewCount>
{
    public void Configure(EntityTypeBuilder<PageViewCount> builder)
    {
        builder.HasIndex(c => new { c.Day, c.Page, c.Language, c.LowVision }).IsUnique();
        builder.Property(c => c.Page).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Language).HasMaxLength(2).IsRequired();
    }
}

internal sealed class AnalyticsChoiceCountConfiguration : IEntityTypeConfiguration<AnalyticsChoiceCount>
{
    public void Configure(EntityTypeBuilder<AnalyticsChoiceCount> builder) => builder.HasIndex(c => new { c.Day, c.Accepted }).IsUnique();
}
