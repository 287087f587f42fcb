using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Erasure;

namespace PersonalDataPolicy.Web.Features.Admin.Erasure;

/// <summary>
/// The erasure certificates (acts): the list for administrators and compliance officers, and each act as a printable page.
/// An act holds no personal data, so any staff member who meets its link on a record may read it.
/// </summary>
[Route("admin/certificates")]
public sealed class CertificatesController(AppDbContext db) : AdminController
{
    private const int PageSize = 200;

    [HttpGet("")]
    [Authorize(Policy = StaffAccounts.Erasure)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var certificates = await db.ErasureCertificates.AsNoTracking().OrderByDescending(c => c.At).Take(PageSize).ToListAsync(cancellationToken);
        return View(new CertificateListViewModel(certificates, await StaffNamesAsync(cancellationToken)));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var certificate = await db.ErasureCertificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return certificate is null ? NotFound() : View(new CertificateViewModel(certificate, await StaffNamesAsync(cancellationToken)));
    }

    private Task<Dictionary<string, string>> StaffNamesAsync(CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
}

public sealed record CertificateListViewModel(IReadOnlyList<ErasureCertificate> Certificates, IReadOnlyDictionary<string, string> StaffNames)
{
    public string StaffName(string? id) => id is null ? string.Empty : StaffNames.GetValueOrDefault(id) ?? id;
}

public sealed record CertificateViewModel(ErasureCertificate Certificate, IReadOnlyDictionary<string, string> StaffNames)
{
    public string StaffName(string? id) => id is null ? string.Empty : StaffNames.GetValueOrDefault(id) ?? id;

    /// <summary>Each category on its own line, in the enum's order.</summary>
    public IEnumerable<ErasedCategories> Categories =>
        Enum.GetValues<ErasedCategories>().Where(c => c != ErasedCategories.None && Certificate.Categories.HasFlag(c));
}
