using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// Counts the database commands EF Core runs on behalf of one request: the request carries <see cref="Header"/> with an id
/// of the test's choosing, and every command EF announces (DiagnosticSource) while that request is the current one counts
/// for it. Background workers and other tests' requests have no such id. The site needs an <see cref="IHttpContextAccessor"/>.
/// </summary>
public sealed class RequestDatabaseCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string Header = "X-Test-Request";

    private readonly IHttpContextAccessor _accessor;
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentBag<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public RequestDatabaseCommands(IHttpContextAccessor accessor)
    {
        _accessor = accessor;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Sends a GET marked with a fresh id; returns the response and the number of commands it ran.</summary>
    public async Task<(HttpResponseMessage Response, int Commands)> GetAsync(HttpClient client, string url)
    {
        var id = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(Header, id);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, _counts.GetValueOrDefault(id));
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && _accessor.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } id)
        {
            _counts.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}
