using System.Globalization;

namespace PersonalDataPolicy.Cshi;

/// <summary>Why a typed income was refused.</summary>
public enum CshiIncomeError
{
    Missing,
    NotANumber,
    Negative,
    TooLarge,
}

/// <summary>
/// A monthly income as a person types it in any of the site's languages: "300000", "300 000", "300 000,50", "300,000.50".
/// A comma followed by exactly three digits (and no other separator) is read as thousands, as an English speaker writes it.
/// </summary>
public static class CshiIncome
{
    /// <summary>A trillion tenge a month: above anything real, and far from decimal's limits.</summary>
    public const decimal Maximum = 1_000_000_000_000m;

    public static CshiIncomeError? TryParse(string? typed, out decimal income)
    {
        income = 0;
        if (string.IsNullOrWhiteSpace(typed))
        {
            return CshiIncomeError.Missing;
        }

        // Spaces of every kind (the ru/kk thousands separator is a no-break space) and the tenge sign are dropped.
        var text = new string(typed.Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '₸').ToArray());
        if (text.StartsWith('-'))
        {
            return decimal.TryParse(text[1..].Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                ? CshiIncomeError.Negative
                : CshiIncomeError.NotANumber;
        }

        var commas = text.Count(c => c == ',');
        var dots = text.Count(c => c == '.');
        string normal;
        if (commas > 0 && dots > 0)
        {
            // "300,000.50": commas group thousands.
            normal = text.Replace(",", string.Empty, StringComparison.Ordinal);
        }
        else if (commas == 1 && text.Length - text.IndexOf(',') - 1 != 3)
        {
            // "300000,5": a decimal comma.
            normal = text.Replace(',', '.');
        }
        else
        {
            normal = text.Replace(",", string.Empty, StringComparison.Ordinal);
        }

        if (normal.Length == 0 || !normal.All(c => char.IsAsciiDigit(c) || c == '.')
            || !decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return CshiIncomeError.NotANumber;
        }

        if (value > Maximum)
        {
            return CshiIncomeError.TooLarge;
        }

        income = value;
        return null;
    }
}
