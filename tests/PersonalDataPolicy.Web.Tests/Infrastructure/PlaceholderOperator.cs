namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The operator's facts a Production start requires (its BIN, address, responsible person), as placeholders for the test
/// sites started as Production: the real ones are required settings with no default (docs/deployment.md).
/// </summary>
public static class PlaceholderOperator
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Operator:Bin"] = "000000000000",
        ["Operator:Address:Kk"] = "Сынақ мекенжайы",
        ["Operator:Address:Ru"] = "Тестовый адрес",
        ["Operator:Address:En"] = "Test address",
        ["Operator:Email"] = "operator@example.invalid",
        ["Operator:ResponsiblePerson:Position:Kk"] = "Жауапты тұлға",
        ["Operator:ResponsiblePerson:Position:Ru"] = "Ответственное лицо",
        ["Operator:ResponsiblePerson:Position:En"] = "Responsible person",
        ["Operator:ResponsiblePerson:Email"] = "dpo@example.invalid",
        ["Operator:ResponsiblePerson:Phone"] = "1414",
    };

    /// <summary>Adds the placeholders to a site process's environment (configuration keys spelled with "__").</summary>
    public static Dictionary<string, string> AddTo(Dictionary<string, string> environment)
    {
        foreach (var (key, value) in Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }
}
