using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PersonalDataPolicy.Web.Features.Shared;

/// <summary>One text input with its label, hint and error, wired for screen readers (aria-invalid, aria-describedby).</summary>
public sealed record FormField(string Name, string Label, string? Value, string? Error, string Type = "text", string? Autocomplete = null,
    string? Hint = null, bool Required = true, int MaxLength = 100, string? InputMode = null, string? Placeholder = null)
{
    public string Id => Name.Replace('.', '_');

    public string DescribedBy => string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(x => x is not null));

    /// <summary>The posted value if there was one, else the model's, and the first error for the field.</summary>
    public static FormField For(ModelStateDictionary state, string name, string label, string? modelValue, string type = "text", string? autocomplete = null,
        string? hint = null, bool required = true, int maxLength = 100, string? inputMode = null, string? placeholder = null)
    {
        state.TryGetValue(name, out var entry);
        return new FormField(name, label, entry?.AttemptedValue ?? modelValue, entry?.Errors.FirstOrDefault()?.ErrorMessage, type, autocomplete, hint, required, maxLength, inputMode, placeholder);
    }

    /// <summary>Every error on the page, each linking to the field it belongs to, in the order the fields appear.</summary>
    public static IReadOnlyList<(string FieldId, string Message)> Errors(ModelStateDictionary state, params string[] fieldOrder) =>
        state.Where(e => e.Value?.ValidationState == ModelValidationState.Invalid)
            .OrderBy(e => Array.IndexOf(fieldOrder, e.Key) is var at && at >= 0 ? at : int.MaxValue)
            .SelectMany(e => e.Value!.Errors.Select(error => (e.Key.Replace('.', '_'), error.ErrorMessage)))
            .ToList();
}
