using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PersonalDataPolicy.Data.Protection;

/// <summary>
/// Marks columns that hold personal data (policy §3) so that <see cref="AppDbContext"/> encrypts them.
/// Configurations say what is personal; the context decides how it is protected, in one place.
/// </summary>
public static class PersonalDataAnnotations
{
    private const string Annotation = "PersonalDataPolicy:Encrypted";

    public static PropertyBuilder<string> IsEncryptedPersonalData(this PropertyBuilder<string> property) =>
        property.HasAnnotation(Annotation, true);

    public static ComplexTypePropertyBuilder<TProperty> IsEncryptedPersonalData<TProperty>(this ComplexTypePropertyBuilder<TProperty> property) =>
        property.HasAnnotation(Annotation, true);

    public static bool IsEncrypted(this IReadOnlyProperty property) => property.FindAnnotation(Annotation)?.Value is true;

    internal static void ApplyEncryption(IMutableModel model, IPersonalDataProtector protector)
    {
        var converter = new ValueConverter<string, string>(v => protector.Protect(v), v => protector.Unprotect(v));
        var properties = model.GetEntityTypes().SelectMany(e =>
            e.GetProperties().Concat(e.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())));
        foreach (var property in properties.Where(p => p.IsEncrypted()))
        {
            property.SetValueConverter(converter);
            property.SetValueComparer(ValueComparer.CreateDefault<string>(favorStructuralComparisons: false));
        }
    }
}
