using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Data.Protection;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class AppealAnswerConfiguration : IEntityTypeConfiguration<AppealAnswer>
{
    public void Configure(EntityTypeBuilder<AppealAnswer> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();

        // Answers go with their appeal when it is destroyed (policy §2.14).
        builder.HasOne<Appeal>().WithMany().HasForeignKey(a => a.AppealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.AppealId);
        builder.Property(a => a.StaffUserId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Text).IsEncryptedPersonalData().IsRequired();
    }
}
