using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Registers;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class CrossBorderTransferConfiguration : IEntityTypeConfiguration<CrossBorderTransfer>
{
    public void Configure(EntityTypeBuilder<CrossBorderTransfer> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.SubjectId);
        builder.HasIndex(t => t.TransferredOn);
        builder.Property(t => t.Country).HasMaxLength(2).IsFixedLength().IsUnicode(false).IsRequired();
        builder.Property(t => t.Recipient).HasMaxLength(300).IsRequired();
        builder.Property(t => t.Categories).HasConversion<string>().HasMaxLength(64);
        builder.Property(t => t.Basis).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Article).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Reference).HasMaxLength(300);
        builder.Property(t => t.StaffUserId).HasMaxLength(450).IsRequired();
    }
}
