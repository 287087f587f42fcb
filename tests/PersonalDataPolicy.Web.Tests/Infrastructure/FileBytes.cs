namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>What a file holds on disk, read beside the site that still has it open.</summary>
public static class FileBytes
{
    /// <summary>The file's bytes; none when it is gone: SQLite removes its -shm and -wal as the last connection closes, which can fall between listing a folder and reading it.</summary>
    public static async Task<byte[]> ReadSharedAsync(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        await using (stream)
        {
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            return memory.ToArray();
        }
    }
}
