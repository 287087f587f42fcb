using PhoneNumbers;

namespace PersonalDataPolicy.Subjects;

/// <summary>Phones are stored in E.164. A number typed without a country code is read as Kazakh (+7).</summary>
public static class PhoneNumberNormalizer
{
    public const string DefaultRegion = "KZ";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input, DefaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    // Kazakhstan writes its ten digits 3-3-2-2 (+7 701 234 56 78); libphonenumber's own pattern is 3-3-4.
    private static readonly List<NumberFormat> KazakhGrouping =
    [
        new NumberFormat.Builder().SetPattern(@"(\d{3})(\d{3})(\d{2})(\d{2})").SetFormat("$1 $2 $3 $4").Build(),
    ];

    /// <summary>
    /// A number as the site shows it everywhere, and as the edit form offers it back: +7 701 234 56 78 for +7
    /// numbers, the international format otherwise. Text that is not a number comes back as it was.
    /// </summary>
    public static string Display(string number)
    {
        try
        {
            var parsed = Util.Parse(number, DefaultRegion);
            return parsed.CountryCode == 7 && Util.IsValidNumber(parsed)
                ? Util.FormatByPattern(parsed, PhoneNumberFormat.INTERNATIONAL, KazakhGrouping)
                : Util.Format(parsed, PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return number;
        }
    }
}
