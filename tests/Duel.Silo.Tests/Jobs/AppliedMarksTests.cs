using Duel.Silo.Jobs;

namespace Duel.Silo.Tests.Jobs;

/// <summary>
/// Applied marks are owed until due and then written together, each with the time its battle took
/// the verdict; only finished jobs move, and a full batch is due at once.
/// </summary>
public sealed class AppliedMarksTests() : MigratedDatabase("duel_marks")
{
    protected override async Task SeedAsync()
    {
        await Db.ExecuteAsync(DataSource, """
            insert into jobs (id, queue, payload, status, finished_at) values
              ('j1', 'judge', '{}', 'done', now()), ('j2', 'judge', '{}', 'done', now()), ('j3', 'judge', '{}', 'queued', null)
            """);
    }

    private Task<long> AppliedAsync() => Db.ScalarAsync<long>(DataSource, "select count(*) from jobs where status = 'applied'");

    [Fact]
    public async Task Marks_wait_until_due_then_go_out_together_with_each_jobs_own_time()
    {
        var marks = new AppliedMarks(TimeSpan.FromHours(1), batch: 100);
        var first = DateTime.UtcNow.AddSeconds(-30);
        marks.Add("j1", first);
        marks.Add("j2", first.AddSeconds(5));
        marks.Add("j3", first.AddSeconds(6));

        await marks.FlushAsync(DataSource, force: false, CancellationToken.None);
        Assert.Equal(0, await AppliedAsync());
        Assert.Equal(3, marks.Count);
        Assert.Equal(first.AddHours(1), marks.DueAt);

        await marks.FlushAsync(DataSource, force: true, CancellationToken.None);
        Assert.Equal(2, await AppliedAsync());
        Assert.Equal(0, marks.Count);
        Assert.Equal(DateTime.MaxValue, marks.DueAt);
        var gap = await Db.ScalarAsync<double>(DataSource,
            "select extract(epoch from (select applied_at from jobs where id = 'j2') - (select applied_at from jobs where id = 'j1'))::float8");
        Assert.Equal(5, gap, 3);
        Assert.Equal("queued", await Db.ScalarAsync<string>(DataSource, "select status from jobs where id = 'j3'"));
    }

    [Fact]
    public async Task A_full_batch_is_due_at_once()
    {
        var marks = new AppliedMarks(TimeSpan.FromHours(1), batch: 2);
        marks.Add("j1", DateTime.UtcNow);
        Assert.True(marks.DueAt > DateTime.UtcNow);
        marks.Add("j2", DateTime.UtcNow);

        await marks.FlushAsync(DataSource, force: false, CancellationToken.None);
        Assert.Equal(2, await AppliedAsync());
    }
}
