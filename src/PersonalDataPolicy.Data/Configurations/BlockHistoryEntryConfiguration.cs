using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class BlockHistoryEntryConfiguration : IEntityTypeConfiguration<BlockHistoryEntry>
{
    public void Configure(EntityTypeBuilder<BlockHistoryEntry> builder)
    {
        builder.ToTable("BlockHistory");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasOne<DataSubject>().WithMany().HasForeignKey(e => e.SubjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.SubjectId, e.At });
        builder.Property(e => e.Change).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.StaffUserId).HasMaxLength(450);

        // Staff's free text can name people.
        builder.Property(e => e.Note!).IsEncryptedPersonalData();
    }
}
