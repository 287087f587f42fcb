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
}

/// <summary>Where the consent was given or withdrawn.</summary>
public enum ConsentChannel
{
    WebForm,
    MobileApp,
    Email,
    Staff,
}
