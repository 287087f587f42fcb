using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class DeadlineAlertConfiguration : IEntityTypeConfiguration<DeadlineAlert>
{
    public void Configure(EntityTypeBuilder<DeadlineAlert> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<DataSubjectRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);

        // Once per request, kind and threshold: a second round or another instance cannot send the same alert again.
        builder.HasIndex(a => new { a.RequestId, a.Kind, a.WorkingDaysBefore }).IsUnique();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
    }
}
