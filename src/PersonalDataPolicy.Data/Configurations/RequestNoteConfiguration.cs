using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Requests;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class RequestNoteConfiguration : IEntityTypeConfiguration<RequestNote>
{
    public void Configure(EntityTypeBuilder<RequestNote> builder)
    {
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.HasOne<DataSubjectRequest>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.RequestId, n.At });
        builder.Property(n => n.StaffUserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.Text).IsEncryptedPersonalData().IsRequired();
    }
}
