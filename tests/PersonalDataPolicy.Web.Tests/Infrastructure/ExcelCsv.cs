using System.Text;
using CsvHelper;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Reads an exported CSV back as Excel set to Russian or Kazakh does: it must start with the UTF-8 BOM (or Cyrillic
/// turns to mojibake) and be separated by ';' (the list separator there; a comma file opens as one column).
/// </summary>
public static class ExcelCsv
{
    public static List<string[]> Read(byte[] file)
    {
        Assert.True(file.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the file starts without the UTF-8 byte order mark");
        var text = Encoding.UTF8.GetString(file, 3, file.Length - 3);
        var rows = new List<string[]>();
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = ';', HasHeader = false });
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        Assert.NotEmpty(rows);
        Assert.True(rows[0].Length > 1, $"the header opens as one column: {string.Join('|', rows[0])}");
        return rows;
    }

    public static async Task<List<string[]>> DownloadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return Read(await response.Content.ReadAsByteArrayAsync());
    }
}
