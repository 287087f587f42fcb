using System.ComponentModel.DataAnnotations;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>The "Consents" configuration section: the links that prove a consent comes from the owner of the address.</summary>
public sealed class ConsentOptions
{
    public const string SectionName = "Consents";

    /// <summary>How long a marketing opt-in or appeal confirmation link works (people read such mail later than a sign-in link).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// One pending link per address: a new request within this time after the last link sends nothing, so nobody can
    /// flood an address by submitting the form again and again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ConfirmationResendInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An appeal whose sender never proved the address is kept this long (enough to answer it), then destroyed.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan UnconfirmedRetention { get; set; } = TimeSpan.FromDays(30);
}
