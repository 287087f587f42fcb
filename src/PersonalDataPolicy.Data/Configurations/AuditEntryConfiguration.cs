using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Audit;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.SubjectId, e.At });
        builder.HasIndex(e => new { e.StaffUserId, e.At });
        builder.Property(e => e.StaffUserId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Page).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Details).HasMaxLength(1000);
    }
}
