using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class PolicyTextConfiguration : IEntityTypeConfiguration<PolicyText>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<PolicyText> builder)
    {
        builder.HasIndex(t => new { t.PolicyVersionId, t.Language }).IsUnique();
        builder.Property(t => t.Language).HasMaxLength(2).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(500).IsRequired();
        builder.Property(t => t.Sha256).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();

        // The sections are one document: stored as JSON, read and written whole.
        builder.Property(t => t.Sections)
            .HasConversion(
                sections => JsonSerializer.Serialize(sections, Json),
                json => JsonSerializer.Deserialize<List<PolicySection>>(json, Json) ?? new List<PolicySection>(),
                new ValueComparer<IReadOnlyList<PolicySection>>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    s => JsonSerializer.Serialize(s, Json).GetHashCode(StringComparison.Ordinal),
                    s => s.ToList()))
            .IsRequired();

        builder.ComplexProperty(t => t.MarkedSubjects, subjects =>
        {
            subjects.Property(s => s.OptOutOfMarketing).HasColumnName("SubjectOptOutOfMarketing").HasMaxLength(200);
            subjects.Property(s => s.UpdatePersonalData).HasColumnName("SubjectUpdatePersonalData").HasMaxLength(200);
            subjects.Property(s => s.WithdrawConsent).HasColumnName("SubjectWithdrawConsent").HasMaxLength(200);
        });
    }
}
