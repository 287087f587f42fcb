using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class DataSubjectConfiguration : IEntityTypeConfiguration<DataSubject>
{
    public void Configure(EntityTypeBuilder<DataSubject> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.LastName).IsEncryptedPersonalData().IsRequired();
        builder.Property(s => s.FirstName).IsEncryptedPersonalData().IsRequired();
        builder.Property(s => s.Patronymic!).IsEncryptedPersonalData();
        builder.Property(s => s.Email).IsEncryptedPersonalData().IsRequired();
        builder.Property(s => s.Phone).IsEncryptedPersonalData().IsRequired();

        // Blind indexes: exact lookups without decrypting; one subject per e-mail address.
        builder.Property(s => s.EmailIndex).HasMaxLength(72).IsUnicode(false).IsRequired();
        builder.Property(s => s.PhoneIndex).HasMaxLength(72).IsUnicode(false).IsRequired();
        builder.HasIndex(s => s.EmailIndex).IsUnique();
        builder.HasIndex(s => s.PhoneIndex);
        builder.Property(s => s.PreferredLanguage).HasMaxLength(2).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.BlockReason).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(s => new { s.Status, s.DestructionDueAt });
        builder.HasIndex(s => s.ClaimedSubjectId);
    }
}
