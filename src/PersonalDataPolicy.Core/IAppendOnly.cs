namespace PersonalDataPolicy;

/// <summary>A record that, once written, is never changed or removed: the consent ledger, the audit log.</summary>
public interface IAppendOnly;
