using Duel.Silo.Tests.Grains;

namespace Duel.Silo.Tests;

public sealed class ReminderTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_reminder_fires_exactly_once_across_three_silos_within_a_second_of_its_due_time()
    {
        var cluster = fixture.Cluster;
        var due = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var alarms = Enumerable.Range(0, 20).Select(i => $"a-{i}").ToArray();
        await Task.WhenAll(alarms.Select((key, i) => cluster.Grains(i % 3).GetGrain<IAlarmGrain>(key).Arm(due)));

        await Db.EventuallyAsync(async () => (await Task.WhenAll(alarms.Select(k => cluster.Grains(0).GetGrain<IAlarmGrain>(k).Get())))
            .All(s => s.Fired > 0), "every alarm fired");
        // Give a second firing every chance to happen.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        foreach (var key in alarms)
        {
            var state = await cluster.Grains(1).GetGrain<IAlarmGrain>(key).Get();
            Assert.Equal(1, state.Fired);
            Assert.InRange(state.FiredAt!.Value - due, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
        Assert.Equal(0L, await Db.ScalarAsync<long>(cluster.DataSource, "select count(*) from reminders"));
    }

    [Fact]
    public async Task Re_arming_a_reminder_moves_it()
    {
        var cluster = fixture.Cluster;
        var alarm = cluster.Grains(0).GetGrain<IAlarmGrain>("moved");
        await alarm.Arm(DateTimeOffset.UtcNow.AddSeconds(0.5));
        await alarm.Arm(DateTimeOffset.UtcNow.AddHours(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, (await alarm.Get()).Fired);
        Assert.Equal(1L, await Db.ScalarAsync<long>(cluster.DataSource, "select count(*) from reminders where grain_key = 'moved'"));
    }
}
