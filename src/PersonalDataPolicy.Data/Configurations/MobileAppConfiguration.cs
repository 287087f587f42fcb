using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.MobileApp;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class AppAccessCodeConfiguration : IEntityTypeConfiguration<AppAccessCode>
{
    public void Configure(EntityTypeBuilder<AppAccessCode> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.HasIndex(c => c.SubjectId);
        // A wrong try and the right one may race: the loser's update finds the row changed and is refused.
        builder.Property(c => c.FailedAttempts).IsConcurrencyToken();
        builder.Property(c => c.UsedAt).IsConcurrencyToken();
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(64).IsUnicode(false);
        builder.Property(r => r.Key).HasMaxLength(128).IsUnicode(false);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(r => r.ContentType).HasMaxLength(100).IsUnicode(false);
        builder.Property(r => r.Location).HasMaxLength(400);
        builder.Property(r => r.Body!).IsEncryptedPersonalData();
        builder.HasIndex(r => r.CreatedAt);
    }
}
