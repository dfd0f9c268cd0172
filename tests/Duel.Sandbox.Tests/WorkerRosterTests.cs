using Duel.Sandbox.Worker.Jobs;

namespace Duel.Sandbox.Tests;

/// <summary>Each new job wakes one live worker; a worker that is not (yet) in the roster claims everything.</summary>
public sealed class WorkerRosterTests
{
    private static readonly string[] Jobs = [.. Enumerable.Range(0, 2000).Select(i => $"job-{i:D4}-{Guid.NewGuid():N}")];

    [Fact]
    public void Three_live_workers_split_the_jobs_and_each_job_has_one_owner()
    {
        var workers = Enumerable.Range(0, 3).Select(_ => new WorkerIdentity()).ToArray();
        var rosters = workers.Select(w => new WorkerRoster(w)).ToArray();
        foreach (var roster in rosters)
        {
            // Each learns the live set in its own order: the roster sorts it.
            roster.Update(workers.Select(w => w.Id).OrderBy(_ => Random.Shared.Next()));
        }

        var owners = Jobs.Select(job => rosters.Count(r => r.Owns(job))).ToArray();
        var shares = rosters.Select(r => Jobs.Count(r.Owns)).ToArray();

        Assert.All(owners, n => Assert.Equal(1, n));
        Assert.All(shares, n => Assert.InRange(n, 500, 833));
    }

    [Fact]
    public void A_worker_missing_from_the_roster_wakes_for_every_job()
    {
        var me = new WorkerIdentity();
        var roster = new WorkerRoster(me);
        Assert.All(Jobs, job => Assert.True(roster.Owns(job)));

        roster.Update(["worker-other-1", "worker-other-2"]);
        Assert.All(Jobs, job => Assert.True(roster.Owns(job)));

        roster.Update(["worker-other-1", me.Id]);
        Assert.Contains(Jobs, job => !roster.Owns(job));
    }
}
