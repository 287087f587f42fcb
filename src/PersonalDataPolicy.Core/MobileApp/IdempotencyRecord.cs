namespace PersonalDataPolicy.MobileApp;

/// <summary>
/// An API POST made under an Idempotency-Key: the first request stores its hash here before it runs, and its response once
/// it finished, so that a retry of the same request gets the same answer instead of storing twice. Scoped per client.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
        Scope = Key = RequestHash = string.Empty;
    }

    public IdempotencyRecord(string scope, string key, string requestHash, DateTimeOffset now)
    {
        Scope = scope;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public string Scope { get; private set; }
    public string Key { get; private set; }

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused, not answered.</summary>
    public string RequestHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? Location { get; private set; }

    /// <summary>The response as sent (it may name the person: encrypted at rest, kept only for a day).</summary>
    public string? Body { get; private set; }

    public bool Completed => StatusCode is not null;

    public void Complete(int statusCode, string? contentType, string? location, string body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Location = location;
        Body = body;
    }
}
