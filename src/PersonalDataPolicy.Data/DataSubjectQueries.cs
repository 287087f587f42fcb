using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data;

public static class DataSubjectQueries
{
    /// <summary>Exact match on a normalised e-mail through its blind index (the column itself is encrypted).</summary>
    public static IQueryable<DataSubject> WithEmail(this IQueryable<DataSubject> subjects, IBlindIndex index, string normalizedEmail)
    {
        var emailIndex = index.Compute(BlindIndexKind.Email, normalizedEmail);
        return subjects.Where(s => s.EmailIndex == emailIndex);
    }
}
