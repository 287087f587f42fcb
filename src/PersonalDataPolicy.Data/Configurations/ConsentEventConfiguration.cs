using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();

        // Unique and gap-free: a second writer that chained to the same predecessor fails instead of forking the chain.
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => new { e.SubjectId, e.Sequence });
        builder.HasIndex(e => e.ReceiptId);
        builder.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.PolicyTextSha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(e => e.Language).HasMaxLength(2).IsRequired();
        builder.Property(e => e.Wording).HasMaxLength(2000).IsRequired();
        builder.Property(e => e.ReceiptId).HasMaxLength(22).IsUnicode(false);
        builder.Property(e => e.Evidence).HasMaxLength(200);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
    }
}
