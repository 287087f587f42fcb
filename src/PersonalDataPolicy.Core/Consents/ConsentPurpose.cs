namespace PersonalDataPolicy.Consents;

/// <summary>What a person consents to. Each purpose is granted and withdrawn on its own.</summary>
public enum ConsentPurpose
{
    /// <summary>Policy §4.1, §5.1: processing of personal data to serve the person.</summary>
    PersonalDataProcessing,

    /// <summary>Policy §4.2: notifications about new products, services, special offers and events.</summary>
    MarketingNotifications,

    /// <summary>Policy §7.2: written consent to cross-border transfer to a state without adequate protection.</summary>
    CrossBorderTransfer,
}

public enum ConsentAction
{
    Granted,
    Withdrawn,

    /// <summary>
    /// Asked for on a form but not yet proven to come from the owner of the address (double opt-in): it grants
    /// nothing until a <see cref="Granted"/> event with link evidence follows.
    /// </summary>
    Requested,
}

/// <summary>Where the consent was given or withdrawn.</summary>
public enum ConsentChannel
{
    WebForm,
    MobileApp,
    Email,
    Staff,
}
