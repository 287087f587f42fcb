namespace PersonalDataPolicy.Consents;

/// <summary>
/// What one thread found over a stretch of consecutive events: how many hold before its first break, and the ends by
/// which it meets the stretches on either side.
/// </summary>
internal sealed record LedgerStretch(long Checked, LedgerBreak? Break, long FirstSequence, byte[] FirstPreviousHash, long LastSequence, byte[]? Last)
{
    /// <summary>
    /// Reads the stretch in chunks on this thread while the chunks already read are checked on other cores; every chunk but
    /// the first carries in the event before it. After a break it reads on only to learn the last event.
    /// </summary>
    public static LedgerStretch Check(IStoredLedger rows, CheckpointsBySequence genuineAt)
    {
        var wordings = new NormalizedWordings();
        var checking = new Queue<(LedgerChunk Chunk, Task<(int Index, LedgerBreak Break)?> FirstBreak)>();
        var spare = new Stack<LedgerChunk>();
        long checkedCount = 0;
        LedgerBreak? broken = null;

        void Settle()
        {
            var (chunk, firstBreak) = checking.Dequeue();
            var found = firstBreak.GetAwaiter().GetResult();
            if (broken is null)
            {
                checkedCount += found?.Index ?? chunk.Count;
                broken = found?.Break;
            }

            spare.Push(chunk);
        }

        long firstSequence = 0, lastSequence = 0;
        byte[] firstPreviousHash = [];
        byte[]? last = null;
        bool more;
        do
        {
            var chunk = spare.TryPop(out var reused) ? reused : new LedgerChunk(wordings);
            if (last is null)
            {
                chunk.StartUnlinked();
            }
            else
            {
                chunk.StartAfter(lastSequence, last);
            }

            rows.ReadInto(chunk);
            more = chunk.IsFull;
            if (chunk.Count == 0)
            {
                spare.Push(chunk);
                break;
            }

            if (last is null)
            {
                (firstSequence, firstPreviousHash) = (chunk.FirstSequence, chunk.FirstPreviousHash.ToArray());
            }

            (lastSequence, last) = (chunk.LastSequence, chunk.LastHash.ToArray());
            if (broken is null)
            {
                checking.Enqueue((chunk, Task.Run(() => chunk.FirstBreak(genuineAt))));
            }
            else
            {
                spare.Push(chunk);
            }

            while (checking.Count > Environment.ProcessorCount || (checking.TryPeek(out var oldest) && oldest.FirstBreak.IsCompleted))
            {
                Settle();
            }
        }
        while (more);

        while (checking.Count > 0)
        {
            Settle();
        }

        return new LedgerStretch(checkedCount, broken, firstSequence, firstPreviousHash, lastSequence, last);
    }
}
