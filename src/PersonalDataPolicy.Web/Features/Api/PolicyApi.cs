using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Web.Features.Consents;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>A published policy version in one language: the text whose hash a consent is given against, and the exact consent sentences.</summary>
public sealed record PolicyDocument(
    int Number,
    DateOnly EffectiveFrom,
    bool Current,
    string Language,
    string Title,
    string Sha256,
    IReadOnlyList<PolicyDocumentSection> Sections,
    ConsentSentences ConsentWording);

public sealed record PolicyDocumentSection(int Number, string Heading, string? Intro, IReadOnlyList<string> Clauses);

/// <summary>The sentences the app shows beside its two boxes, word for word as the website does; the ledger stores them.</summary>
public sealed record ConsentSentences(string Processing, string Marketing);

public sealed record PolicyVersionSummary(int Number, DateOnly EffectiveFrom, DateOnly? SupersededOn, bool Current, IReadOnlyList<PolicyTextHash> Texts);

public sealed record PolicyTextHash(string Language, string Sha256);

/// <summary>
/// The policy for the app to show and cache: every answer has a strong ETag (a hash of its bytes) and Cache-Control, and a
/// request with a matching If-None-Match gets 304 without a body. The current version may change with a publication, so it
/// is cached briefly; a numbered version never changes.
/// </summary>
public static class PolicyApi
{
    private const string CurrentCaching = "public, max-age=300";
    private const string VersionCaching = "public, max-age=86400";

    public static void MapPolicyApi(this RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/policy").WithTags("Policy");
        policy.MapGet("/{language}", Current)
            .WithName("GetCurrentPolicy")
            .WithSummary("The policy in effect, in one language (kk, ru, en)")
            .WithDescription("Consent is given against this version's number and SHA-256; send both back with an appeal.")
            .Produces<PolicyDocument>(contentType: "application/json").Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        policy.MapGet("/versions", Versions)
            .WithName("ListPolicyVersions")
            .WithSummary("Every published version, newest first, with the hash of each language's text")
            .Produces<List<PolicyVersionSummary>>(contentType: "application/json").Produces(StatusCodes.Status304NotModified);
        policy.MapGet("/versions/{number:int}/{language}", Version)
            .WithName("GetPolicyVersion")
            .WithSummary("One published version, in one language")
            .Produces<PolicyDocument>(contentType: "application/json").Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Current(string language, HttpContext http, PolicyCatalog catalog, ConsentWording wording,
        IStringLocalizer<SharedResource> t, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!SiteLanguages.IsSupported(language))
        {
            return LanguageNotFound(t);
        }

        var current = await catalog.CurrentAsync(cancellationToken);
        return Cached(http, Document(current, current, language, wording), CurrentCaching, json.Value.SerializerOptions);
    }

    private static async Task<IResult> Version(int number, string language, HttpContext http, PolicyCatalog catalog, ConsentWording wording,
        IStringLocalizer<SharedResource> t, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!SiteLanguages.IsSupported(language))
        {
            return LanguageNotFound(t);
        }

        var version = await catalog.ByNumberAsync(number, cancellationToken);
        if (version is null)
        {
            return ApiProblems.Problem(t, StatusCodes.Status404NotFound, "policy-version-not-found", "Api_ProblemPolicyVersionNotFound");
        }

        var current = await catalog.CurrentAsync(cancellationToken);
        return Cached(http, Document(version, current, language, wording), VersionCaching, json.Value.SerializerOptions);
    }

    private static async Task<IResult> Versions(HttpContext http, PolicyCatalog catalog, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var current = await catalog.CurrentAsync(cancellationToken);
        var versions = (await catalog.PublishedAsync(cancellationToken))
            .Select(v => new PolicyVersionSummary(v.Number, v.EffectiveFrom, v.SupersededOn, v.Number == current.Number,
                v.Texts.OrderBy(x => x.Language, StringComparer.Ordinal).Select(x => new PolicyTextHash(x.Language, x.Sha256)).ToList()))
            .ToList();
        return Cached(http, versions, CurrentCaching, json.Value.SerializerOptions);
    }

    private static PolicyDocument Document(PolicyVersion version, PolicyVersion current, string language, ConsentWording wording)
    {
        var text = version.TextIn(language);
        return new PolicyDocument(version.Number, version.EffectiveFrom, version.Number == current.Number, language, text.Title, text.Sha256,
            text.Sections.Select(s => new PolicyDocumentSection(s.Number, s.Heading, s.Intro, s.Clauses)).ToList(),
            new ConsentSentences(wording.Processing(language, version), wording.Marketing(language)));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult LanguageNotFound(IStringLocalizer t) =>
        ApiProblems.Problem(t, StatusCodes.Status404NotFound, "language-not-found", "Api_ProblemLanguageNotFound");

    /// <summary>The body as bytes, so that its ETag is the hash of exactly what is sent.</summary>
    private static IResult Cached<T>(HttpContext http, T value, string cacheControl, JsonSerializerOptions options)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = cacheControl;
        var sent = http.Request.GetTypedHeaders().IfNoneMatch;
        if (sent.Any(e => e.Tag == "*" || e.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }
}
