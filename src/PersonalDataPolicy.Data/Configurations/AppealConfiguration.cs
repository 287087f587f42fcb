using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<DataSubject>().WithMany().HasForeignKey(a => a.SubjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.ReceivedAt);
        builder.ComplexProperty(a => a.ContactName, name =>
        {
            name.Property(n => n.LastName).HasColumnName("ContactLastName").IsEncryptedPersonalData().IsRequired();
            name.Property(n => n.FirstName).HasColumnName("ContactFirstName").IsEncryptedPersonalData().IsRequired();
            name.Property(n => n.Patronymic!).HasColumnName("ContactPatronymic").IsEncryptedPersonalData();
        });
        builder.Property(a => a.ContactEmail).IsEncryptedPersonalData().IsRequired();
        builder.Property(a => a.ContactPhone).IsEncryptedPersonalData().IsRequired();

        // A free-text message can carry anything a person chooses to tell, so it is protected like personal data.
        builder.Property(a => a.Message).IsEncryptedPersonalData().IsRequired();
        builder.Property(a => a.PreferredChannel).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Topic).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Language).HasMaxLength(2).IsRequired();
    }
}
