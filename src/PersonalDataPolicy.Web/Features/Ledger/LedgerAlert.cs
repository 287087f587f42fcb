using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Ledger;

/// <summary>
/// The break the latest recorded verification found. It is read back from the audit log, so the red alert survives a
/// restart and stays until a verification passes again.
/// </summary>
public sealed partial record LedgerAlert(DateTimeOffset At, LedgerFault Fault, long Sequence, string Reason)
{
    private const int MaxDetails = 1000;

    /// <summary>Two results are the same failure when the same fault sits at the same place; officers are mailed once per failure.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Fault}@{Sequence}");

    public static LedgerAlert From(LedgerBreak broken, DateTimeOffset at) => new(at, broken.Fault, broken.Sequence, broken.Reason);

    /// <summary>The audit entry's details: readable in the audit log viewer, and parsed back here.</summary>
    public string Details
    {
        get
        {
            var details = string.Create(CultureInfo.InvariantCulture, $"{Fault} at #{Sequence}: {Reason}");
            return details.Length <= MaxDetails ? details : details[..MaxDetails];
        }
    }

    /// <summary>The alert of the latest verification, or null when it passed (or none ran yet).</summary>
    public static async Task<LedgerAlert?> CurrentAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var latest = await db.AuditLog.AsNoTracking()
            .Where(e => e.Action == AuditAction.VerifiedLedger || e.Action == AuditAction.LedgerBroken)
            .OrderByDescending(e => e.At)
            .FirstOrDefaultAsync(cancellationToken);
        return latest is { Action: AuditAction.LedgerBroken } && DetailsPattern().Match(latest.Details ?? string.Empty) is { Success: true } m
            && Enum.TryParse<LedgerFault>(m.Groups[1].Value, out var fault)
            ? new LedgerAlert(latest.At, fault, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value)
            : null;
    }

    [GeneratedRegex(@"^(\w+) at #(\d+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex DetailsPattern();
}
