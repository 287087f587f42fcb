using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalDataPolicy.Web.Infrastructure;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 14: the singleton jobs' leases in the database. Each "instance" here is a <see cref="JobLeases"/> of its own
/// (its own holder name and clock) on the site's database, as two processes would be.
/// </summary>
public abstract class JobLeaseScenarios(SiteFactory site, ITestOutputHelper output)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_holder_at_a_time_and_another_takes_over_once_the_holder_stops_renewing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (a, b) = (Instance(clock, Period), Instance(clock, Period));
        var lease = "test-" + Guid.NewGuid().ToString("N");

        var steps = new List<(string Step, bool Held)>
        {
            ("a takes the free lease", await a.TryHoldAsync(lease, default)),
            ("b is refused while a holds it", !await b.TryHoldAsync(lease, default)),
        };
        clock.Advance(Period / 2);
        steps.Add(("a renews", await a.TryHoldAsync(lease, default)));
        clock.Advance(Period - TimeSpan.FromSeconds(1));
        steps.Add(("b is refused just before the renewed lease expires", !await b.TryHoldAsync(lease, default)));
        clock.Advance(TimeSpan.FromSeconds(2));
        steps.Add(("b takes it over once it expired", await b.TryHoldAsync(lease, default)));
        steps.Add(("a, come back, has lost it", !await a.TryHoldAsync(lease, default)));
        await b.ReleaseAsync(lease, default);
        steps.Add(("a takes it at once after b released it", await a.TryHoldAsync(lease, default)));

        output.WriteLine(string.Join("; ", steps.Select(s => $"{s.Step}: {(s.Held ? "yes" : "NO")}")));
        Assert.All(steps, s => Assert.True(s.Held, s.Step));
    }

    [Fact]
    public async Task A_job_runs_on_one_instance_and_moves_when_its_holder_stops_renewing_or_stops()
    {
        var period = TimeSpan.FromSeconds(1);
        var lease = "test-" + Guid.NewGuid().ToString("N");
        var runs = new JobRuns();

        // The first holder's clock stands still: it takes the lease and never renews it, as a frozen or killed process.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var first = new RecordingJob(Instance(frozen, period), lease, "first", runs);
        await first.StartAsync(default);
        await Eventually.HoldsAsync(() => runs.Running("first"), "the first instance runs the job");
        var frozenAt = Stopwatch.StartNew();

        using var second = new RecordingJob(Instance(TimeProvider.System, period), lease, "second", runs);
        using var third = new RecordingJob(Instance(TimeProvider.System, period), lease, "third", runs);
        await second.StartAsync(default);
        await third.StartAsync(default);
        var successor = await Eventually.FoundAsync(() => Task.FromResult(runs.Runner(except: "first")), "another instance takes the job over");
        var takeOver = frozenAt.Elapsed;

        // The frozen holder wakes up: its next renewal fails, and its job stops.
        frozen.Advance(period);
        await Eventually.HoldsAsync(() => !runs.Running("first"), "the old holder stops its job once it finds the lease lost");

        // A clean stop hands the job on at the next check, without waiting for the lease to expire.
        var successorJob = successor == "second" ? second : third;
        var stoppedAt = Stopwatch.StartNew();
        await successorJob.StopAsync(default);
        var heir = await Eventually.FoundAsync(() => Task.FromResult(runs.Runner(except: successor)), "the last instance takes the job after a clean stop");
        var handOver = stoppedAt.Elapsed;

        output.WriteLine($"lease period {period.TotalSeconds:0} s: taken over {takeOver.TotalSeconds:0.0} s after the holder stopped renewing; "
            + $"handed on {handOver.TotalSeconds:0.0} s after a clean stop; most running at once among the live holders: {runs.MostAtOnceExcept("first")}");
        Assert.True(takeOver < period + period / 3 + TimeSpan.FromSeconds(2), $"take-over took {takeOver}");
        Assert.NotEqual(successor, heir);
        Assert.Equal(1, runs.MostAtOnceExcept("first"));
    }

    private JobLeases Instance(TimeProvider clock, TimeSpan period) =>
        new(site.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new LeaseOptions { Period = period }), clock);

    /// <summary>Who runs the job now, and how many ran at once.</summary>
    private sealed class JobRuns
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _running = [];
        private readonly Dictionary<string, int> _mostAtOnceExcept = [];

        public bool Running(string name)
        {
            lock (_lock)
            {
                return _running.Contains(name);
            }
        }

        public string? Runner(string except)
        {
            lock (_lock)
            {
                return _running.FirstOrDefault(r => r != except);
            }
        }

        public int MostAtOnceExcept(string name)
        {
            lock (_lock)
            {
                return _mostAtOnceExcept.GetValueOrDefault(name);
            }
        }

        public void Started(string name)
        {
            lock (_lock)
            {
                _running.Add(name);
                foreach (var left in new[] { "first", "second", "third" })
                {
                    _mostAtOnceExcept[left] = Math.Max(_mostAtOnceExcept.GetValueOrDefault(left), _running.Count(r => r != left));
                }
            }
        }

        public void Ended(string name)
        {
            lock (_lock)
            {
                _running.Remove(name);
            }
        }
    }

    private sealed class RecordingJob(JobLeases leases, string lease, string name, JobRuns runs)
        : LeasedBackgroundService(leases, NullLogger.Instance)
    {
        protected override string LeaseName => lease;

        protected override async Task RunWhileLeaderAsync(CancellationToken stoppingToken)
        {
            runs.Started(name);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            finally
            {
                runs.Ended(name);
            }
        }
    }
}

public sealed class JobLeaseTests(SiteFactory site, ITestOutputHelper output) : JobLeaseScenarios(site, output), IClassFixture<SiteFactory>;

[Collection(OnPostgreSql.Name)]
public sealed class JobLeaseOnPostgreSqlTests(PostgreSqlSiteFactory site, ITestOutputHelper output) : JobLeaseScenarios(site, output), IClassFixture<PostgreSqlSiteFactory>;
