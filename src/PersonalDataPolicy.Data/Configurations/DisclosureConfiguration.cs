using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PersonalDataPolicy.Registers;

namespace PersonalDataPolicy.Data.Configurations;

internal sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => d.SubjectId);
        builder.HasIndex(d => d.DisclosedOn);
        builder.Property(d => d.Recipient).HasMaxLength(300).IsRequired();
        builder.Property(d => d.Law).HasMaxLength(300).IsRequired();
        builder.Property(d => d.Article).HasMaxLength(300).IsRequired();
        builder.Property(d => d.Categories).HasConversion<string>().HasMaxLength(64);
        builder.Property(d => d.StaffUserId).HasMaxLength(450).IsRequired();
    }
}
