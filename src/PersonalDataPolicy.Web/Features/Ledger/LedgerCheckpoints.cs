using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Features.Ledger;

/// <summary>
/// Signed checkpoints of the ledger's head, kept outside the events table (issue 10 §4): a line of the checkpoint file after
/// every commit, and an audit-log entry after every verification that passed. The signature is the Data Protection key
/// ring's (Protect of the canonical text, checked by Unprotect), so someone holding only the database cannot forge one.
/// </summary>
public sealed class LedgerCheckpoints(IDataProtectionProvider protection, IOptions<LedgerOptions> options, TimeProvider clock, ILogger<LedgerCheckpoints> logger)
    : ILedgerCheckpoints, IDisposable
{
    public const string Purpose = "PersonalDataPolicy.LedgerCheckpoint.v1";

    /// <summary>
    /// How many of the newest checkpoints of each place are checked: the newest genuine one decides, and a forged one is
    /// reported when it claims to be newer. Lines are appended in rising sequence, so the newest are at the file's end.
    /// </summary>
    private const int NewestPerPlace = 16;

    /// <summary>Enough of the file's end for <see cref="NewestPerPlace"/> lines of about 350 bytes.</summary>
    private const int TailBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    // One writer at a time: lines of concurrent commits never interleave, and each is checked against the one before it.
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private FileLine? _lastWritten;
    private bool _fileRead;

    public string FilePath => options.Value.CheckpointFile!;

    public async Task CommittedAsync(ConsentEvent head, Func<long, CancellationToken, Task<string?>> storedHashAt, CancellationToken cancellationToken)
    {
        await _fileGate.WaitAsync(cancellationToken);
        try
        {
            var prefix = string.Empty;
            if (!_fileRead)
            {
                var (lines, endsWithNewline) = await ReadTailAsync(cancellationToken);
                _lastWritten = lines.LastOrDefault();
                _fileRead = true;
                prefix = endsWithNewline ? string.Empty : "\n"; // a line cut short by a crash stays a line of its own
            }

            if (_lastWritten is { } last)
            {
                if (head.Sequence <= last.Sequence)
                {
                    return; // a concurrent commit after this one was written first and vouches for it too
                }

                // Never sign a head that grew out of a shortened or rewritten ledger: the older line would stop being the newest.
                if (await storedHashAt(last.Sequence, cancellationToken) != last.Hash)
                {
                    logger.LogCritical("No ledger checkpoint written for #{Sequence}: event #{Checkpointed} no longer has the hash its checkpoint signed; verify the ledger",
                        head.Sequence, last.Sequence);
                    return;
                }
            }

            var line = FileLine.From(Sign(head.Sequence, head.Hash, CheckpointSource.File));
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, prefix + JsonSerializer.Serialize(line, Json) + "\n", cancellationToken);
            _lastWritten = line;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The commit stands; a missing line only leaves the file a step behind, which is never a false alarm.
            logger.LogError(e, "Ledger checkpoint for #{Sequence} not written to {File}", head.Sequence, FilePath);
        }
        finally
        {
            _fileGate.Release();
        }
    }

    public void Dispose() => _fileGate.Dispose();

    /// <summary>Signs the head and puts the checkpoint into the audit log of the caller's unit of work.</summary>
    public LedgerCheckpoint RecordInAuditLog(AppDbContext db, LedgerHead head, string actor, string page)
    {
        var checkpoint = Sign(head.Sequence, head.Hash, CheckpointSource.AuditLog);
        db.AuditLog.Add(new AuditEntry(actor, AuditAction.LedgerCheckpoint, null, page, AccessPurpose.ComplianceReview,
            JsonSerializer.Serialize(FileLine.From(checkpoint), Json), checkpoint.At));
        return checkpoint;
    }

    /// <summary>The newest checkpoints of the file and of the audit log, signatures not yet checked.</summary>
    public async Task<IReadOnlyList<LedgerCheckpoint>> NewestAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var (lines, _) = await ReadTailAsync(cancellationToken);
        var audited = await db.AuditLog.AsNoTracking()
            .Where(e => e.Action == AuditAction.LedgerCheckpoint)
            .OrderByDescending(e => e.At)
            .Take(NewestPerPlace)
            .Select(e => e.Details)
            .ToListAsync(cancellationToken);
        return
        [
            .. lines.TakeLast(NewestPerPlace).Select(l => l.ToCheckpoint(CheckpointSource.File)),
            .. audited.Select(FileLine.Parse).OfType<FileLine>().Select(l => l.ToCheckpoint(CheckpointSource.AuditLog)),
        ];
    }

    public bool IsGenuine(LedgerCheckpoint checkpoint)
    {
        try
        {
            return _protector.Unprotect(checkpoint.Signature) == checkpoint.SignedText;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    private LedgerCheckpoint Sign(long sequence, string hash, CheckpointSource source)
    {
        // Whole milliseconds: the signed text holds no more, so the checkpoint verifies after a round trip.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        return new LedgerCheckpoint(sequence, hash, at, _protector.Protect(LedgerCheckpoint.Canonical(sequence, hash, at)), source);
    }

    /// <summary>The well-formed lines at the end of the file, oldest first, and whether its last line is complete.</summary>
    private async Task<(List<FileLine> Lines, bool EndsWithNewline)> ReadTailAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return ([], true);
        }

        await using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, file.Length - TailBytes);
        var bytes = new byte[file.Length - start];
        file.Seek(start, SeekOrigin.Begin);
        await file.ReadExactlyAsync(bytes, cancellationToken);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');

        // The read may begin inside a line; that piece is skipped, and so is a line a crash cut short.
        return ([.. lines.Skip(start > 0 ? 1 : 0).Select(FileLine.Parse).OfType<FileLine>()], bytes.Length == 0 || bytes[^1] == (byte)'\n');
    }

    /// <summary>One line of the checkpoint file, and the details of a checkpoint in the audit log.</summary>
    private sealed record FileLine(long Sequence, string Hash, DateTimeOffset At, string Signature)
    {
        public static FileLine From(LedgerCheckpoint checkpoint) => new(checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signature);

        public static FileLine? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<FileLine>(text, Json) is { Hash: not null, Signature: not null } line ? line : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public LedgerCheckpoint ToCheckpoint(CheckpointSource source) => new(Sequence, Hash, At, Signature, source);
    }
}
