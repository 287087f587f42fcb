using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Core.Tests;

public sealed class ContactDetailsTests
{
    [Theory]
    [InlineData("+7 701 234 56 78", "+77012345678")]
    [InlineData("8 701 234 56 78", "+77012345678")]
    [InlineData("87012345678", "+77012345678")]
    [InlineData("7012345678", "+77012345678")]
    [InlineData("8 (727) 244-11-22", "+77272441122")]
    [InlineData("+7 (916) 123-45-67", "+79161234567")]
    [InlineData("+998 90 123 45 67", "+998901234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Phones_are_stored_in_e164_with_kazakhstan_as_the_default_country(string typed, string expected)
    {
        Assert.True(PhoneNumberNormalizer.TryNormalize(typed, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("+7 000 000 00 00")]
    [InlineData("call me")]
    [InlineData("+7 701 234 56 78 99 99 99 99 99 99 99 99")]
    public void Non_numbers_and_impossible_numbers_are_refused(string? typed)
    {
        Assert.False(PhoneNumberNormalizer.TryNormalize(typed, out var e164));
        Assert.Empty(e164);
    }

    [Theory]
    [InlineData("  Asel.Nur@Example.KZ ", "asel.nur@example.kz")]
    [InlineData("АСЕЛЬ@пример.kz", "асель@пример.kz")]
    public void Emails_are_normalised_to_one_spelling_per_mailbox(string typed, string expected)
    {
        Assert.Equal(expected, EmailAddressNormalizer.Normalize(typed));
    }

    [Theory]
    [InlineData("asel@example.kz", "a***@e***.kz")]
    [InlineData("b@mail.example.com", "b***@m***.com")]
    [InlineData("broken", "***")]
    [InlineData("x@localhost", "x***@***")]
    public void Receipts_show_a_masked_email_only(string email, string masked)
    {
        Assert.Equal(masked, EmailAddressNormalizer.Mask(email));
    }

    [Theory]
    [InlineData("+77012345678", "+7 701 234 56 78")]
    [InlineData("87172701010", "+7 717 270 10 10")]
    [InlineData("+74951234567", "+7 495 123 45 67")]
    [InlineData("+4930123456", "+49 30 123456")]
    [InlineData("not a phone", "not a phone")]
    [InlineData("", "")]
    public void Phones_are_shown_one_way_everywhere(string stored, string shown)
    {
        Assert.Equal(shown, PhoneNumberNormalizer.Display(stored));
    }

    [Fact]
    public void A_shown_phone_reads_back_as_the_same_number()
    {
        Assert.True(PhoneNumberNormalizer.TryNormalize(PhoneNumberNormalizer.Display("+77012345678"), out var e164));
        Assert.Equal("+77012345678", e164);
    }
}
