using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Web.Features.Policy;

public sealed record PolicyDocumentViewModel(PolicyVersion Version, PolicyText Text, bool IsCurrent, int CurrentNumber);

public sealed record PolicyVersionsViewModel(IReadOnlyList<PolicyVersion> Versions, int CurrentNumber);
