using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Model binding's own errors (a value that is not a number, not one of the options) in the visitor's language.
/// The attempted value is never echoed: it may be personal data.
/// </summary>
public sealed class ModelBindingMessages(IStringLocalizer<SharedResource> t) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((_, field) => t["Validation_InvalidValue", FieldName(field)]);
        messages.SetValueIsInvalidAccessor(_ => t["Validation_InvalidValue", "…"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t["Validation_InvalidValue", "…"]);
        messages.SetUnknownValueIsInvalidAccessor(field => t["Validation_InvalidValue", FieldName(field)]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Validation_InvalidValue", "…"]);
        messages.SetValueMustNotBeNullAccessor(_ => t["Validation_ValueRequired"]);
        messages.SetMissingBindRequiredValueAccessor(_ => t["Validation_ValueRequired"]);
        messages.SetMissingKeyOrValueAccessor(() => t["Validation_ValueRequired"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation_ValueRequired"]);
        messages.SetValueMustBeANumberAccessor(field => t["Validation_InvalidValue", FieldName(field)]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation_InvalidValue", "…"]);
    }

    /// <summary>The form's label for a property (Appeal_PreferredChannel), or the property name if there is none.</summary>
    private string FieldName(string property)
    {
        var label = t["Appeal_" + property];
        return label.ResourceNotFound ? property : label.Value;
    }
}
