using System.ComponentModel.DataAnnotations;

namespace PersonalDataPolicy.Web.Features.Ledger;

/// <summary>The "Ledger" configuration section: where the checkpoint file lives and how often the ledger is verified.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>
    /// The checkpoint file the compliance officers keep and back up; relative paths are under the content root. Defaults to
    /// ledger-checkpoints.jsonl in Database:DataDirectory. A copy on other storage is what makes it worth having.
    /// </summary>
    [Required]
    public string? CheckpointFile { get; set; }

    /// <summary>How often the scheduled verification runs (and writes a checkpoint into the audit log).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromHours(1);
}
