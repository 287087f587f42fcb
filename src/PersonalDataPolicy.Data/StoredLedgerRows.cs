using System.Buffers.Text;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;
using SQLitePCL;

namespace PersonalDataPolicy.Data;

/// <summary>
/// The consent ledger read for verification past EF: one statement on the context's own connection, columns by ordinal,
/// text handed over as UTF-8 spans. Materializing a <see cref="ConsentEvent"/> per row held verification to about
/// 125,000 events/s (issue 13). The table and column names come from the EF model, so one query serves every provider.
/// </summary>
internal static class StoredLedgerRows
{
    // The order of the columns in the query, which is also the order of the hashed text (sequential access reads forward).
    private const int Id = 0, Sequence = 1, SubjectId = 2, Purpose = 3, Action = 4, PolicyVersion = 5, PolicyTextSha256 = 6, Language = 7,
        Channel = 8, OccurredAt = 9, Wording = 10, ReceiptId = 11, Evidence = 12, PreviousHash = 13, Hash = 14, ColumnCount = 15;

    private static readonly string[] Properties =
    [
        nameof(ConsentEvent.Id), nameof(ConsentEvent.Sequence), nameof(ConsentEvent.SubjectId), nameof(ConsentEvent.Purpose),
        nameof(ConsentEvent.Action), nameof(ConsentEvent.PolicyVersion), nameof(ConsentEvent.PolicyTextSha256), nameof(ConsentEvent.Language),
        nameof(ConsentEvent.Channel), nameof(ConsentEvent.OccurredAt), nameof(ConsentEvent.Wording), nameof(ConsentEvent.ReceiptId),
        nameof(ConsentEvent.Evidence), nameof(ConsentEvent.PreviousHash), nameof(ConsentEvent.Hash),
    ];

    /// <summary>Verifies the whole ledger of <paramref name="db"/>, reading it on the context's connection.</summary>
    public static LedgerVerification Verify(AppDbContext db, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine)
    {
        var entity = db.Model.FindEntityType(typeof(ConsentEvent))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = Properties.Select(p => sql.DelimitIdentifier(entity.FindProperty(p)!.GetColumnName(table)!)).ToArray();
        var from = $"FROM {sql.DelimitIdentifier(table.Name, table.Schema)}";
        var query = $"SELECT {string.Join(", ", columns)} {from} ORDER BY {columns[Sequence]}";

        db.Database.OpenConnection();
        try
        {
            var connection = db.Database.GetDbConnection();
            if (connection is SqliteConnection sqlite)
            {
                var stretch = $"SELECT {string.Join(", ", columns)} {from} WHERE {columns[Sequence]} BETWEEN $first AND $last ORDER BY {columns[Sequence]}";
                return VerifyInStretches(sqlite, $"SELECT MIN({columns[Sequence]}), MAX({columns[Sequence]}) {from}", stretch,
                    OccurredAtFromSqlite(entity.FindProperty(nameof(ConsentEvent.OccurredAt))!), checkpoints, isGenuine);
            }

            using var command = connection.CreateCommand();
            command.CommandText = query;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
            using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
            return LedgerVerifier.Verify(new DataReaderRows(reader), checkpoints, isGenuine);
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>
    /// SQLite serves many readers of one file at once (WAL), so the ledger is cut by sequence into one stretch per core,
    /// each read on a connection of its own. Appends only ever add sequences past the last stretch, which is open-ended,
    /// so the stretches stay consecutive whatever each connection's snapshot.
    /// </summary>
    private static LedgerVerification VerifyInStretches(SqliteConnection sqlite, string bounds, string stretch, Func<long, DateTimeOffset> occurredAt,
        IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine)
    {
        var (first, last) = SequenceBounds(sqlite, bounds);
        var options = new SqliteConnectionStringBuilder(sqlite.ConnectionString);
        var inMemory = options.Mode == SqliteOpenMode.Memory || options.DataSource is "" or ":memory:" || string.IsNullOrEmpty(sqlite.DataSource);
        // 128 bits: a sequence tampered to the edge of the long range must not overflow the cut into overlapping stretches.
        var span = (Int128)last - first + 1;
        var count = inMemory ? 1 : (int)Int128.Clamp(span / LedgerChunk.Capacity, 1, Environment.ProcessorCount);
        long Start(int stretch) => (long)(first + span * stretch / count);
        var connections = new List<sqlite3>();
        var stretches = new List<SqliteRows>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                // An in-memory database exists only on the context's connection; a file is read on connections of its own.
                var connection = inMemory ? sqlite.Handle! : OpenForReading(sqlite.DataSource);
                if (!inMemory)
                {
                    connections.Add(connection);
                }

                var from = i == 0 ? long.MinValue : Start(i);
                var to = i == count - 1 ? long.MaxValue : Start(i + 1) - 1;
                stretches.Add(new SqliteRows(connection, stretch, from, to, occurredAt));
            }

            return LedgerVerifier.Verify(stretches, checkpoints, isGenuine);
        }
        finally
        {
            stretches.ForEach(s => s.Dispose());
            connections.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// A connection that only reads, on one thread: without SQLite's own mutex (each call took and released it; 13 % of
    /// the profile) and with the file mapped into memory, so pages are read where they lie instead of copied by the kernel.
    /// </summary>
    private static sqlite3 OpenForReading(string path)
    {
        var result = raw.sqlite3_open_v2(path, out var connection, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            SqliteException.ThrowExceptionForRC(result, connection);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(connection, 30_000), connection);
            // As far as the build allows (e_sqlite3: 2 GB); beyond it SQLite reads as before.
            SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(connection, "PRAGMA mmap_size = 2147418112"), connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static (long First, long Last) SequenceBounds(SqliteConnection sqlite, string bounds)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = bounds;
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.IsDBNull(0) ? (1, 0) : (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>SQLite has no date-time type: the stored integer goes back through the model's own converter.</summary>
    private static Func<long, DateTimeOffset> OccurredAtFromSqlite(IProperty occurredAt) =>
        occurredAt.GetTypeMapping().Converter?.ConvertFromProviderExpression is Expression<Func<long, DateTimeOffset>> fromProvider
            ? fromProvider.Compile()
            : throw new InvalidOperationException("ConsentEvent.OccurredAt is expected to be stored as an integer on SQLite.");

    /// <summary>
    /// SQLite's own statement API under Microsoft.Data.Sqlite: its data reader copies every text and blob into a new
    /// string or array, while <c>sqlite3_column_blob</c> lends the row's bytes until the next step. The column calls go
    /// straight to the native library SQLitePCL loaded: through SQLitePCL each of the row's 33 calls took and released
    /// the statement's safe handle (18 % of the profile); here the handle is held once for the whole read.
    /// </summary>
    private sealed class SqliteRows : IStoredLedger, IDisposable
    {
        private readonly sqlite3 _connection;
        private readonly sqlite3_stmt _statement;
        private readonly IntPtr _native;
        private readonly Func<long, DateTimeOffset> _occurredAt;
        private bool _done;

        /// <param name="query">Binds the first and the last sequence of the stretch.</param>
        public SqliteRows(sqlite3 connection, string query, long first, long last, Func<long, DateTimeOffset> occurredAt)
        {
            _connection = connection;
            _occurredAt = occurredAt;
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(connection, query, out _statement), connection);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, 1, first), connection);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, 2, last), connection);
            var added = false;
            _statement.DangerousAddRef(ref added);
            _native = _statement.DangerousGetHandle();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ReadInto(LedgerChunk chunk)
        {
            while (!_done && !chunk.IsFull)
            {
                var result = NativeStatement.Step(_native);
                if (result == raw.SQLITE_DONE)
                {
                    _done = true;
                    return;
                }

                if (result != raw.SQLITE_ROW)
                {
                    SqliteException.ThrowExceptionForRC(result, _connection);
                }

                chunk.Add(new StoredConsentEvent
                {
                    Id = GuidAt(Id),
                    Sequence = NativeStatement.Int64(_native, Sequence),
                    SubjectId = GuidAt(SubjectId),
                    Purpose = NativeStatement.Blob(_native, Purpose),
                    Action = NativeStatement.Blob(_native, Action),
                    PolicyVersion = checked((int)NativeStatement.Int64(_native, PolicyVersion)),
                    PolicyTextSha256 = NativeStatement.Blob(_native, PolicyTextSha256),
                    Language = NativeStatement.Blob(_native, Language),
                    Channel = NativeStatement.Blob(_native, Channel),
                    OccurredAtUnixMilliseconds = _occurredAt(NativeStatement.Int64(_native, OccurredAt)).ToUnixTimeMilliseconds(),
                    Wording = NativeStatement.Blob(_native, Wording),
                    ReceiptId = NativeStatement.Blob(_native, ReceiptId),
                    HasEvidence = NativeStatement.Type(_native, Evidence) != raw.SQLITE_NULL,
                    Evidence = NativeStatement.Blob(_native, Evidence),
                    PreviousHash = NativeStatement.Blob(_native, PreviousHash),
                    Hash = NativeStatement.Blob(_native, Hash),
                });
            }
        }

        public void Dispose()
        {
            _statement.DangerousRelease();
            _statement.Dispose();
        }

        /// <summary>As Microsoft.Data.Sqlite reads a GUID: text in any of its formats, or a 16-byte blob.</summary>
        private Guid GuidAt(int column)
        {
            var stored = NativeStatement.Blob(_native, column);
            if (stored.Length == 16 && NativeStatement.Type(_native, column) == raw.SQLITE_BLOB)
            {
                return new Guid(stored);
            }

            // EF writes the "D" format; any other that Guid accepts is read as Microsoft.Data.Sqlite would read it.
            return Utf8Parser.TryParse(stored, out Guid parsed, out var consumed, 'D') && consumed == stored.Length ? parsed
                : Guid.TryParse(Encoding.UTF8.GetString(stored), out parsed) ? parsed
                : throw new InvalidDataException($"A consent event's {Properties[column]} is not a GUID.");
        }
    }

    /// <summary>
    /// The few calls of SQLite's statement API the reading loop makes, into the library SQLitePCL's e_sqlite3 bundle
    /// loads, on a statement pointer its owner keeps alive. The column calls only read the current row, so they skip the
    /// managed-to-native transition too.
    /// </summary>
    private static class NativeStatement
    {
        private const string Library = "e_sqlite3";

        public static int Step(IntPtr statement) => sqlite3_step(statement);

        public static long Int64(IntPtr statement, int column) => sqlite3_column_int64(statement, column);

        public static int Type(IntPtr statement, int column) => sqlite3_column_type(statement, column);

        /// <summary>The bytes of a text or blob (empty for null), valid until the next step.</summary>
        public static ReadOnlySpan<byte> Blob(IntPtr statement, int column)
        {
            var bytes = sqlite3_column_blob(statement, column);
            return bytes == IntPtr.Zero ? []
                : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), bytes), sqlite3_column_bytes(statement, column));
        }

        [DllImport(Library)]
        private static extern int sqlite3_step(IntPtr statement);

        [DllImport(Library), SuppressGCTransition]
        private static extern IntPtr sqlite3_column_blob(IntPtr statement, int column);

        [DllImport(Library), SuppressGCTransition]
        private static extern int sqlite3_column_bytes(IntPtr statement, int column);

        [DllImport(Library), SuppressGCTransition]
        private static extern long sqlite3_column_int64(IntPtr statement, int column);

        [DllImport(Library), SuppressGCTransition]
        private static extern int sqlite3_column_type(IntPtr statement, int column);
    }

    /// <summary>PostgreSQL and SQL Server through their data readers; their text arrives as strings and is re-encoded here.</summary>
    private sealed class DataReaderRows(DbDataReader reader) : IStoredLedger
    {
        private readonly byte[][] _text = Enumerable.Range(0, ColumnCount).Select(_ => new byte[256]).ToArray();

        public void ReadInto(LedgerChunk chunk)
        {
            while (!chunk.IsFull && reader.Read())
            {
                chunk.Add(new StoredConsentEvent
                {
                    Id = reader.GetGuid(Id),
                    Sequence = reader.GetInt64(Sequence),
                    SubjectId = reader.GetGuid(SubjectId),
                    Purpose = Text(Purpose),
                    Action = Text(Action),
                    PolicyVersion = reader.GetInt32(PolicyVersion),
                    PolicyTextSha256 = Text(PolicyTextSha256),
                    Language = Text(Language),
                    Channel = Text(Channel),
                    OccurredAtUnixMilliseconds = reader.GetFieldValue<DateTimeOffset>(OccurredAt).ToUnixTimeMilliseconds(),
                    Wording = Text(Wording),
                    ReceiptId = Text(ReceiptId),
                    HasEvidence = !reader.IsDBNull(Evidence),
                    Evidence = Text(Evidence),
                    PreviousHash = Text(PreviousHash),
                    Hash = Text(Hash),
                });
            }
        }

        private ReadOnlySpan<byte> Text(int column)
        {
            if (reader.IsDBNull(column))
            {
                return [];
            }

            var text = reader.GetString(column);
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_text[column].Length < most)
            {
                _text[column] = new byte[most];
            }

            return _text[column].AsSpan(0, Encoding.UTF8.GetBytes(text, _text[column]));
        }
    }
}
