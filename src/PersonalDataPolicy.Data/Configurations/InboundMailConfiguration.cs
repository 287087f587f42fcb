using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Mail;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("InboundMail");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageIdHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.HasIndex(m => m.MessageIdHash).IsUnique();
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.SenderIndex).HasMaxLength(72).IsUnicode(false);
        builder.HasIndex(m => new { m.SenderIndex, m.HandledAt });
    }
}
