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

    private static CrossBorderTransfer Transfer(string country, ConsentState consents, TransferBasis? basis = null, string? reference = null) =>
        CrossBorderTransfer.Record(country, "Clinic GmbH", DataCategories.Names | DataCategories.Phone, Subject, Adequate, consents, basis, reference, new DateOnly(2026, 11, 25), "staff", Now);

    [Fact]
    public void A_transfer_to_a_state_with_adequate_protection_needs_nothing_more()
    {
        Assert.Equal(TransferBasis.AdequateState, Transfer("de", Consents()).Basis);
    }

    [Fact]
    public void Elsewhere_only_the_grounds_of_article_16_p_3_make_a_transfer_possible_each_stored_with_its_article()
    {
        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", Consents(ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications)));
        var byConsent = Transfer("US", Consents(ConsentPurpose.CrossBorderTransfer));
        Assert.Equal((TransferBasis.WrittenConsent, "94-V art. 16 p. 3 sub-p. 1"), (byConsent.Basis, byConsent.Article));
        Assert.Equal("94-V art. 16 p. 2", Transfer("de", Consents()).Article);

        var byTreaty = Transfer("US", Consents(), TransferBasis.RatifiedTreaty, "Convention No. 108, ratified by Law of 28.02.2022");
        Assert.Equal((TransferBasis.RatifiedTreaty, "94-V art. 16 p. 3 sub-p. 2", "Convention No. 108, ratified by Law of 28.02.2022"), (byTreaty.Basis, byTreaty.Article, byTreaty.Reference));
        Assert.Equal("94-V art. 16 p. 3 sub-p. 3", Transfer("US", Consents(), TransferBasis.LawProtectingPublicInterest, "Law X art. 5").Article);
        Assert.Equal("94-V art. 16 p. 3 sub-p. 4", Transfer("US", Consents(), TransferBasis.ProtectingRightsWithoutConsent, "Patient unconscious, emergency care abroad").Article);
    }

    [Fact]
    public void A_contract_with_the_person_is_not_a_ground_under_article_16_however_it_is_named()
    {
        // Policy §7.2 names one; Law 94-V art. 16 p. 3 does not (docs/data-protection.md#cross-border).
        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", Consents(), TransferBasis.Contract, "Treatment contract No. 17 of 01.11.2026"));
        Assert.DoesNotContain(TransferBasis.Contract, TransferBases.Lawful);
    }

    [Theory]
    [InlineData(TransferBasis.RatifiedTreaty)]
    [InlineData(TransferBasis.LawProtectingPublicInterest)]
    [InlineData(TransferBasis.ProtectingRightsWithoutConsent)]
    public void A_ground_other_than_consent_stands_only_with_the_treaty_law_or_circumstance_named(TransferBasis basis)
    {
        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", Consents(), basis, "  "));
    }

    [Fact]
    public void Consent_claimed_but_not_in_the_ledger_is_refused()
    {
        Assert.Throws<CrossBorderTransferRefusedException>(() => Transfer("US", Consents(ConsentPurpose.PersonalDataProcessing), TransferBasis.WrittenConsent));
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
