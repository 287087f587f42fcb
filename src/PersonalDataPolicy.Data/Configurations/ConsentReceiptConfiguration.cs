using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class ConsentReceiptConfiguration : IEntityTypeConfiguration<ConsentReceipt>
{
    public void Configure(EntityTypeBuilder<ConsentReceipt> builder)
    {
        builder.Property(r => r.Id).HasMaxLength(22).IsUnicode(false).ValueGeneratedNever();
        // No foreign key: like the ledger, a receipt outlives the destruction of the subject's personal data.
        builder.HasIndex(r => r.SubjectId);
        builder.Property(r => r.PolicyTextSha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(r => r.Language).HasMaxLength(2).IsRequired();
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
    }
}
