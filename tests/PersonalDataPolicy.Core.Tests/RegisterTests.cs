using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Registers;

namespace PersonalDataPolicy.Core.Tests;

public sealed class RegisterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Subject = Guid.NewGuid();
    private static readonly string[] Adequate = ["DE", "FR"];

    private static ConsentState Consents(params ConsentPurpose[] granted) => ConsentState.From(granted
        .Select(p => new ConsentEvent(Subject, p, ConsentAction.Granted, 1, new string('a', 64), "ru", ConsentChannel.Staff, Now, "w", null)).ToList());

    private static CrossBorderTransfer Transfer(string country, ConsentState consents, string? contract = null) =>
        CrossBorderTransfer.Record(country, "Clinic GmbH", DataCategories.Names | DataCategories.Phone, Subject, Adequate, consents, contract, new DateOnly(2026, 11, 25), "staff", Now);

    [Fact]
    public void A_transfer_to_a_state_with_adequate_protection_needs_nothing_more()
    {
        Assert.Equal(TransferBasis.AdequateState, Transfer("de", Consents()).Basis);
    }

    [Fact]
    public void Elsewhere_only_written_consent_or_a_contract_makes_a_transfer_possible()
    {
        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", Consents(ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications)));
        Assert.Equal(TransferBasis.WrittenConsent, Transfer("US", Consents(ConsentPurpose.CrossBorderTransfer)).Basis);
        var byContract = Transfer("US", Consents(), contract: "Treatment contract No. 17 of 01.11.2026");
        Assert.Equal((TransferBasis.Contract, "Treatment contract No. 17 of 01.11.2026"), (byContract.Basis, byContract.ContractReference));
    }

    [Fact]
    public void A_withdrawn_written_consent_no_longer_counts()
    {
        var events = new List<ConsentEvent>
        {
            new(Subject, ConsentPurpose.CrossBorderTransfer, ConsentAction.Granted, 1, new string('a', 64), "ru", ConsentChannel.Staff, Now, "w", null),
            new(Subject, ConsentPurpose.CrossBorderTransfer, ConsentAction.Withdrawn, 1, new string('a', 64), "ru", ConsentChannel.Email, Now, "w", null),
        };
        events[0].ChainTo(null);
        events[1].ChainTo(events[0]);

        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", ConsentState.From(events)));
    }

    [Theory]
    [InlineData("KZ")]
    [InlineData("USA")]
    [InlineData("1A")]
    [InlineData("")]
    public void Country_codes_are_two_letters_and_not_kazakhstan(string country)
    {
        Assert.Throws<ArgumentException>(() => Transfer(country, Consents(ConsentPurpose.CrossBorderTransfer)));
    }

    [Theory]
    [InlineData("", "Law No. 94-V", "art. 9")]
    [InlineData("Prosecutor's office", "", "art. 9")]
    [InlineData("Prosecutor's office", "Law No. 94-V", " ")]
    public void A_disclosure_cannot_be_recorded_without_recipient_law_and_article(string recipient, string law, string article)
    {
        Assert.Throws<ArgumentException>(() => new Disclosure(recipient, law, article, DataCategories.Names, Subject, new DateOnly(2026, 11, 25), "staff", Now));
    }

    [Fact]
    public void A_disclosure_names_what_was_disclosed()
    {
        Assert.Throws<ArgumentException>(() => new Disclosure("Court", "Civil Procedure Code", "art. 73", DataCategories.None, Subject, new DateOnly(2026, 11, 25), "staff", Now));
        Assert.Equal("art. 73", new Disclosure(" Court ", "Civil Procedure Code", " art. 73 ", DataCategories.Email, Subject, new DateOnly(2026, 11, 25), "staff", Now).Article);
    }
}
