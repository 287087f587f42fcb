namespace PersonalDataPolicy.Web;

/// <summary>Anchor type for Resources/SharedResource.*.resx: every text of the site in kk, ru and en.</summary>
public sealed class SharedResource;
