using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Mail;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => m.SubjectId);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ToAddress).IsEncryptedPersonalData().IsRequired();
        builder.Property(m => m.HtmlBody).IsEncryptedPersonalData().IsRequired();
        builder.Property(m => m.TextBody).IsEncryptedPersonalData().IsRequired();
        builder.Property(m => m.Language).HasMaxLength(2).IsRequired();
        builder.Property(m => m.Template).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        builder.Property(m => m.ListUnsubscribe).HasMaxLength(1500);
        builder.Property(m => m.LeaseOwner).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(500);
    }
}
