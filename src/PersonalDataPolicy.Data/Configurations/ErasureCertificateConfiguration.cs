using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Erasure;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class ErasureCertificateConfiguration : IEntityTypeConfiguration<ErasureCertificate>
{
    public void Configure(EntityTypeBuilder<ErasureCertificate> builder)
    {
        builder.ToTable("ErasureCertificates");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Ignore(c => c.Number);
        builder.Ignore(c => c.ByTheSchedule);

        // No foreign key and nothing personal: the act outlives the data it records.
        builder.HasIndex(c => c.SubjectId);
        builder.HasIndex(c => c.At);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Ground).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Categories).HasConversion<string>().HasMaxLength(300);
        builder.Property(c => c.PerformedBy).HasMaxLength(450);
        builder.Property(c => c.RequestedBy).HasMaxLength(450);
        builder.Property(c => c.ReceiptIds).IsUnicode(false).IsRequired();
    }
}
