using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>
/// Files only the site's own account may read (ASVS 14.x, policy §5 on protecting stores of personal data): the
/// database and its journals, the key ring and the blind-index key are created 0600 in folders created 0700 on
/// Unix. Windows relies on the ACLs of the folder the operator chose (docs/operations.md).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder 0700, or narrows an existing one to 0700.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        if (File.GetUnixFileMode(path) != FolderMode)
        {
            Narrow(path, FolderMode);
        }
    }

    /// <summary>Narrows an existing file to 0600; a missing file is left alone.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && File.GetUnixFileMode(path) != FileMode)
        {
            Narrow(path, FileMode);
        }
    }

    /// <summary>Narrows every file directly in the folder to 0600.</summary>
    public static void RestrictAll(string folder)
    {
        if (!OperatingSystem.IsWindows() && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                Restrict(file);
            }
        }
    }

    /// <summary>Writes a new file that is 0600 from its first byte (no window in which others could open it).</summary>
    public static void WriteNew(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write(contents);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"Cannot restrict '{path}' to the site's own account (mode {Convert.ToString((int)mode, 8)}): it belongs to another account. Give the site's account ownership of it (docs/operations.md).", e);
        }
    }
}

/// <summary>The file-system key ring, with every key file narrowed to 0600 as soon as it is written.</summary>
public sealed class PrivateFileSystemXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : IXmlRepository, IDeletableXmlRepository
{
    private readonly FileSystemXmlRepository _files = new(directory, loggers);

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        PrivateFiles.CreateFolder(directory.FullName);
        _files.StoreElement(element, friendlyName);
        PrivateFiles.RestrictAll(directory.FullName);
    }

    public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements) => _files.DeleteElements(chooseElements);
}
