namespace PersonalDataPolicy.Policies;

/// <summary>
/// The e-mail subjects the policy tells people to use (§4.2, §6.4, §6.5), in one language.
/// They are part of the policy text, so they live with it and change only with a new version.
/// </summary>
public sealed record MarkedEmailSubjects(string OptOutOfMarketing, string UpdatePersonalData, string WithdrawConsent);
