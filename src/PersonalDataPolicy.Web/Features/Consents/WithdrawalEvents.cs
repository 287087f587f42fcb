using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>The ledger events of a withdrawal, in the person's words and language, against the policy in effect.</summary>
public sealed class WithdrawalEvents(PolicyCatalog policies, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public Task<ConsentEvent> OptOutAsync(Guid subjectId, RequestChannel channel, string language, string evidence, CancellationToken cancellationToken) =>
        CreateAsync(subjectId, ConsentPurpose.MarketingNotifications, "Consent_OptOutWording", channel, language, evidence, cancellationToken);

    public Task<ConsentEvent> WithdrawAsync(Guid subjectId, RequestChannel channel, string language, string evidence, CancellationToken cancellationToken) =>
        CreateAsync(subjectId, ConsentPurpose.PersonalDataProcessing, "Consent_WithdrawWording", channel, language, evidence, cancellationToken);

    private async Task<ConsentEvent> CreateAsync(Guid subjectId, ConsentPurpose purpose, string wordingKey, RequestChannel channel, string language, string evidence,
        CancellationToken cancellationToken)
    {
        var policy = await policies.CurrentAsync(cancellationToken);
        using var scope = new CultureScope(language);
        return new ConsentEvent(subjectId, purpose, ConsentAction.Withdrawn, policy.Number, policy.TextIn(language).Sha256, language,
            channel switch
            {
                RequestChannel.Email => ConsentChannel.Email,
                RequestChannel.Staff => ConsentChannel.Staff,
                RequestChannel.MobileApp => ConsentChannel.MobileApp,
                _ => ConsentChannel.WebForm,
            },
            clock.GetUtcNow(), t[wordingKey], receiptId: null, evidence);
    }
}
