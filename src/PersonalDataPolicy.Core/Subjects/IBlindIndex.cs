namespace PersonalDataPolicy.Subjects;

/// <summary>
/// A keyed hash of an exact value (normalised e-mail, E.164 phone) so that encrypted personal data can
/// still be found by exact match without ever being stored in plain text.
/// </summary>
public interface IBlindIndex
{
    string Compute(BlindIndexKind kind, string normalizedValue);
}

public enum BlindIndexKind
{
    Email,
    Phone,

    /// <summary>A mobile app's short sign-in code, keyed so that a copy of the database cannot try all codes offline.</summary>
    AccessCode,
}
