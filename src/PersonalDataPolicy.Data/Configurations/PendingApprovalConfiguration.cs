using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Data.Protection;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class PendingApprovalConfiguration : IEntityTypeConfiguration<PendingApproval>
{
    public void Configure(EntityTypeBuilder<PendingApproval> builder)
    {
        builder.ToTable("PendingApprovals");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Target).HasMaxLength(450).IsRequired();
        builder.Property(a => a.Role).HasMaxLength(64);
        builder.Property(a => a.RequestedBy).HasMaxLength(450).IsRequired();
        builder.Property(a => a.DecidedBy).HasMaxLength(450);
        builder.Property(a => a.Reason!).IsEncryptedPersonalData();
        builder.Property(a => a.Ground).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(a => a.SubjectId);
        builder.HasIndex(a => new { a.Outcome, a.RequestedAt });
        builder.HasIndex(a => new { a.Kind, a.Target });
    }
}
