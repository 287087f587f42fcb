using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class DataSubjectRequestConfiguration : IEntityTypeConfiguration<DataSubjectRequest>
{
    public void Configure(EntityTypeBuilder<DataSubjectRequest> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();

        // No foreign key: a request stays on record after the subject's data is destroyed.
        builder.HasIndex(r => r.SubjectId);
        builder.HasIndex(r => new { r.Status, r.DueAt });
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.AssignedTo).HasMaxLength(450);
        builder.Property(r => r.RejectionReason!).IsEncryptedPersonalData();
        builder.Property(r => r.RegisteredBy).HasMaxLength(450);
        builder.OwnsOne(r => r.IdentityCheck, check =>
        {
            check.Property(c => c.Method).HasConversion<string>().HasMaxLength(32);
            check.Property(c => c.CheckedBy).HasMaxLength(450);
        });
    }
}
