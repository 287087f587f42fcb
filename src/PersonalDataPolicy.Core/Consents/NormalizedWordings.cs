using System.Runtime.CompilerServices;
using System.Text;

namespace PersonalDataPolicy.Consents;

/// <summary>
/// The stored wording in normalization form C, as UTF-8. A ledger repeats a handful of wordings a million times, so each
/// distinct text is decoded and normalized once and then recognised by its bytes. One reading thread only.
/// </summary>
internal sealed class NormalizedWordings
{
    private const int Remembered = 64;

    private readonly List<(byte[] Stored, byte[] Normalized)> _known = new(Remembered);
    private int _lastHit;
    private int _nextEvicted;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> stored)
    {
        if (System.Text.Ascii.IsValid(stored))
        {
            return stored; // ASCII text is in every normalization form
        }

        if (_lastHit < _known.Count && stored.SequenceEqual(_known[_lastHit].Stored))
        {
            return _known[_lastHit].Normalized;
        }

        for (var i = 0; i < _known.Count; i++)
        {
            if (stored.SequenceEqual(_known[i].Stored))
            {
                _lastHit = i;
                return _known[i].Normalized;
            }
        }

        // Decoded as the data provider decodes text (invalid bytes become U+FFFD), then normalized as ConsentEvent does.
        var text = Encoding.UTF8.GetString(stored);
        var normalized = Encoding.UTF8.GetBytes(text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC));
        var entry = (stored.ToArray(), normalized);
        if (_known.Count < Remembered)
        {
            _lastHit = _known.Count;
            _known.Add(entry);
        }
        else
        {
            _lastHit = _nextEvicted;
            _known[_nextEvicted] = entry;
            _nextEvicted = (_nextEvicted + 1) % Remembered;
        }

        return normalized;
    }
}
