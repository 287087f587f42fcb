using System.Text;

namespace PersonalDataPolicy.Consents;

/// <summary>The genuine checkpoints by the sequence they vouch for, so that each event finds its own in one look-up.</summary>
internal sealed class CheckpointsBySequence(IEnumerable<LedgerCheckpoint> genuine)
{
    private readonly Dictionary<long, LedgerCheckpoint[]> _at = genuine.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>The break at <paramref name="sequence"/> when a checkpoint there signs another hash than the stored one.</summary>
    public LedgerBreak? Differing(long sequence, ReadOnlySpan<byte> storedHash)
    {
        if (_at.Count == 0 || !_at.TryGetValue(sequence, out var here))
        {
            return null;
        }

        var hash = Encoding.UTF8.GetString(storedHash);
        return here.FirstOrDefault(c => c.Hash != hash) is { } differing ? LedgerVerifier.DiffersFrom(sequence, hash, differing) : null;
    }
}
