using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it accepts; it can be stopped and started again.</summary>
public sealed class SmtpCapture : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private CancellationTokenSource? _running;
    private SmtpServer.SmtpServer? _server;

    public int Port { get; } = Ports.Free();

    public IReadOnlyCollection<MimeMessage> Messages => _messages;

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_messages));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _ = _server.StartAsync(_running.Token);
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Shutdown();
        await _running!.CancelAsync();
        await _server.ShutdownTask.ContinueWith(_ => { }, TaskScheduler.Default);
        _running.Dispose();
        _server = null;
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        _messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until <paramref name="count"/> messages reached <paramref name="address"/>; fails after 15 s.</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1) => WaitForAsync(address, _ => true, count);

    /// <summary>Waits until <paramref name="count"/> messages that match reached <paramref name="address"/>; fails after 15 s.</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, Func<MimeMessage, bool> match, int count = 1) =>
        Eventually.FoundAsync(
            () =>
            {
                var messages = To(address).Where(match).ToList();
                return Task.FromResult<IReadOnlyList<MimeMessage>?>(messages.Count >= count ? messages : null);
            },
            $"{count} mail(s) to the address",
            TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
