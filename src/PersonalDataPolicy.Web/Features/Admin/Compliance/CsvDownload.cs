using System.Globalization;
using CsvHelper;

namespace PersonalDataPolicy.Web.Features.Admin.Compliance;

/// <summary>
/// Streams rows to the response as CSV that Excel opens in columns under Russian and Kazakh regional settings:
/// separated by <c>;</c> (their list separator; a comma file opens as one column) and UTF-8 with a BOM (without it
/// Excel reads Cyrillic as the ANSI code page). Flushes as it goes.
/// </summary>
public static class CsvDownload
{
    /// <summary>
    /// RFC 4180 quoting with <c>;</c>, and every text field that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
    /// written behind a ' so it opens as text (OWASP CSV injection; staff type reasons and notes that reach these files).
    /// </summary>
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, Separator = ';' };

    /// <summary>A moment as Excel reads a date and time in any regional setting (ISO order, a space, no zone letter); the column name says UTC.</summary>
    public static string Utc(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>A day as Excel reads a date in any regional setting.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task StreamAsync<T>(HttpResponse response, string fileName, string[] header, IAsyncEnumerable<T> rows, Func<T, string[]> fields, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        // The pipe takes the writer's synchronous writes into its buffer; the regular async flushes below move them out.
        await using var writer = new StreamWriter(response.BodyWriter.AsStream(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
        await using var csv = CsvWriter.Create(writer, Options, leaveOpen: true);
        csv.WriteHeader(header);
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.WriteRecord(fields(row));
            if (++written % 1000 == 0)
            {
                // Rows leave as they are read, so memory stays flat however long the table is.
                await csv.FlushAsync(cancellationToken);
                await writer.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>A small table already in memory (a report), with the same format.</summary>
    public static Task WriteAsync<T>(HttpResponse response, string fileName, string[] header, IEnumerable<T> rows, Func<T, string[]> fields, CancellationToken cancellationToken) =>
        StreamAsync(response, fileName, header, rows.ToAsyncEnumerable(), fields, cancellationToken);
}
