using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.MobileApp;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>A request body whose content, with the method and path, makes the request what it is (hashed for Idempotency-Key).</summary>
public interface IApiRequestBody;

/// <summary>
/// Idempotency-Key on every POST (draft-ietf-httpapi-idempotency-key-header): a phone on a bad network retries, and the retry
/// must never store twice. The first request claims the key by inserting it (a unique key in the database, so of
/// concurrent requests exactly one wins — across instances too), runs, and stores its response; a retry with the same
/// request gets that response again (Idempotent-Replayed: true); the same key with another request is 422; a retry
/// while the first still runs waits for it briefly, then gets 409. Keys are scoped per app session, or, before signing in,
/// to the request itself: a phone's address changes between retries, so the client address cannot be the scope.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, IStringLocalizer<SharedResource> t, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 128;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length is 0 or > MaxKeyLength || !key.All(c => c is > ' ' and < (char)127))
        {
            return ApiProblems.Validation(t, new Dictionary<string, string[]> { [Header] = [t["Api_IdempotencyKeyRequired", MaxKeyLength]] });
        }

        var scope = AppSession.SessionId(http.User) is { } session ? $"session:{session:N}" : "anonymous";
        var hash = RequestHash(http, context.Arguments.OfType<IApiRequestBody>(), json.Value.SerializerOptions);
        var claim = await store.ClaimAsync(scope, key, hash, http.RequestAborted);
        switch (claim.Outcome)
        {
            case ClaimOutcome.KeyReused:
                return ApiProblems.Problem(t, StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Api_ProblemIdempotencyKeyReused");
            case ClaimOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return ApiProblems.Problem(t, StatusCodes.Status409Conflict, "idempotency-in-progress", "Api_ProblemIdempotencyInProgress");
            case ClaimOutcome.Completed:
                return new ReplayResult(claim.Record!);
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        try
        {
            var result = await next(context);
            http.Response.Body = buffer;
            await (result is IResult executable ? executable : TypedResults.Ok(result)).ExecuteAsync(http);
        }
        catch
        {
            await store.ReleaseAsync(scope, key, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        var body = Encoding.UTF8.GetString(buffer.ToArray());
        // A refusal that may pass later (rate limit, server error) is not an answer to repeat: the retry runs again.
        if (http.Response.StatusCode is < 500 and not StatusCodes.Status429TooManyRequests)
        {
            await store.CompleteAsync(scope, key, http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString(), body, CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(scope, key, CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>Of the request as bound (not its bytes): the same JSON with other spacing or property order is the same request.</summary>
    private static string RequestHash(HttpContext http, IEnumerable<IApiRequestBody> bodies, JsonSerializerOptions options)
    {
        var text = new StringBuilder().Append(http.Request.Method).Append(' ').Append(http.Request.Path.Value).Append('\n');
        foreach (var body in bodies)
        {
            text.Append(JsonSerializer.Serialize(body, body.GetType(), options)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.StatusCode!.Value;
            response.Headers[ReplayedHeader] = "true";
            if (!string.IsNullOrEmpty(record.Location))
            {
                response.Headers.Location = record.Location;
            }

            if (!string.IsNullOrEmpty(record.ContentType))
            {
                response.ContentType = record.ContentType;
            }

            await response.WriteAsync(record.Body ?? string.Empty, httpContext.RequestAborted);
        }
    }
}

public enum ClaimOutcome
{
    Claimed,
    Completed,
    KeyReused,
    InProgress,
}

public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord? Record = null);

/// <summary>The stored keys, each operation in its own short unit of work (never in the handler's transaction).</summary>
public sealed class IdempotencyStore(IServiceScopeFactory scopes, IOptions<ApiOptions> options, TimeProvider clock)
{
    /// <summary>How long a retry waits for the first request to finish before it is told to come back.</summary>
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);

    /// <summary>A claim never completed for this long belongs to a request whose instance died: it is taken over.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var expired = now - options.Value.IdempotencyRetention;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);

        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord(scope, key, requestHash, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyClaim(ClaimOutcome.Claimed);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }

            while (true)
            {
                var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
                if (existing is null)
                {
                    break;
                }

                if (existing.RequestHash != requestHash)
                {
                    return new IdempotencyClaim(ClaimOutcome.KeyReused);
                }

                if (existing.Completed)
                {
                    return new IdempotencyClaim(ClaimOutcome.Completed, existing);
                }

                if (existing.CreatedAt < clock.GetUtcNow() - Abandoned)
                {
                    var createdAt = existing.CreatedAt;
                    await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key && r.StatusCode == null && r.CreatedAt == createdAt)
                        .ExecuteDeleteAsync(cancellationToken);
                    break;
                }

                if (waiting.Elapsed >= WaitForFirst)
                {
                    return new IdempotencyClaim(ClaimOutcome.InProgress);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    public async Task CompleteAsync(string scope, string key, int statusCode, string? contentType, string? location, string body, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
        if (record is null)
        {
            return;
        }

        record.Complete(statusCode, contentType, string.IsNullOrEmpty(location) ? null : location, body);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The request failed without an answer worth repeating: a retry runs it again.</summary>
    public async Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key && r.StatusCode == null).ExecuteDeleteAsync(cancellationToken);
    }
}
