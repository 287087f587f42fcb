namespace PersonalDataPolicy.Subjects;

/// <summary>Policy §3.1: last name, first name, patronymic (the patronymic is optional).</summary>
public sealed record PersonName(string LastName, string FirstName, string? Patronymic);
