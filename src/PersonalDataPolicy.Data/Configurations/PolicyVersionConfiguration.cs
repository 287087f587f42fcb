using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        builder.HasIndex(v => v.Number).IsUnique();
        builder.Property(v => v.State).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(v => v.Texts).WithOne().HasForeignKey(t => t.PolicyVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(v => v.Texts).HasField("_texts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
