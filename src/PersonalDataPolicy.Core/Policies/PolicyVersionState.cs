namespace PersonalDataPolicy.Policies;

public enum PolicyVersionState
{
    Draft,
    Published,
    Superseded,
}
