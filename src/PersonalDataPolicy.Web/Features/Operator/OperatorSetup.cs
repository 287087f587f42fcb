namespace PersonalDataPolicy.Web.Features.Operator;

public static class OperatorSetup
{
    /// <summary>The fund's facts, checked at start: a consent that cannot name its operator must not be collected.</summary>
    public static IServiceCollection AddOperator(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, "The Operator section is incomplete: see docs/data-protection.md#operator.")
            .ValidateOnStart();
        services.AddSingleton<PublicLinks>();
        return services;
    }
}
