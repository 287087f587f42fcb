using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Data.Protection;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class BreachIncidentConfiguration : IEntityTypeConfiguration<BreachIncident>
{
    public void Configure(EntityTypeBuilder<BreachIncident> builder)
    {
        builder.ToTable("BreachIncidents");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => i.ClosedAt);
        builder.Property(i => i.Categories).HasConversion<string>().HasMaxLength(64);

        // Free text typed by staff: it should describe the incident, but may name someone, so it is kept like personal data.
        builder.Property(i => i.Cause).IsEncryptedPersonalData().IsRequired();
        builder.Property(i => i.Consequences).IsEncryptedPersonalData().IsRequired();
        builder.Property(i => i.Measures).IsEncryptedPersonalData().IsRequired();
        builder.Property(i => i.RecordedBy).HasMaxLength(450).IsRequired();
        builder.Property(i => i.AuthorityNotifiedBy).HasMaxLength(450);
        builder.Property(i => i.ClosedBy).HasMaxLength(450);
        builder.HasMany(i => i.Subjects).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Subjects).HasField("_subjects").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class BreachSubjectConfiguration : IEntityTypeConfiguration<BreachSubject>
{
    public void Configure(EntityTypeBuilder<BreachSubject> builder)
    {
        builder.ToTable("BreachSubjects");
        builder.HasKey(s => new { s.IncidentId, s.SubjectId });
        builder.HasIndex(s => s.SubjectId);
    }
}

internal sealed class BreachNotificationCopyConfiguration : IEntityTypeConfiguration<BreachNotificationCopy>
{
    public void Configure(EntityTypeBuilder<BreachNotificationCopy> builder)
    {
        builder.ToTable("BreachNotificationCopies");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<BreachIncident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.IncidentId).IsUnique();
        builder.Property(c => c.Language).HasMaxLength(2).IsRequired();
        builder.Property(c => c.Content).IsEncryptedPersonalData().IsRequired();
        builder.Property(c => c.SentBy).HasMaxLength(450).IsRequired();
    }
}
