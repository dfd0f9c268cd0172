using System.Threading.Channels;
using Duel.Grains.Runtime;
using Duel.Silo.Tests.Grains;

namespace Duel.Silo.Tests;

public sealed class EventTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_subscriber_on_another_silo_gets_the_events_in_order_and_only_after_commit()
    {
        var cluster = fixture.Cluster;
        var received = Channel.CreateUnbounded<GrainEvent>();
        using var _ = cluster.Events(1).Subscribe("counter/ev", e => received.Writer.WriteAsync(e).AsTask());
        var counter = cluster.Grains(0).GetGrain<ICounterGrain>("ev");
        for (var i = 0; i < 20; i++)
        {
            await counter.Increment();
        }
        for (var seq = 1; seq <= 20; seq++)
        {
            var e = await Next(received);
            Assert.Equal(("counter/ev", seq, "incremented"), (e.Stream, e.Seq, e.Type));
            Assert.Equal(seq, e.Data.GetProperty("version").GetInt64());
        }

        var call = counter.IncrementAndWait("ev-commit");
        await TestSignals.WaitAsync("ev-commit:inside");
        // The turn has published and is still open: nothing may be visible yet.
        await Task.Delay(500);
        Assert.False(received.Reader.TryRead(out var early), $"event {early?.Seq} arrived before commit");
        Assert.Equal(0L, await Db.ScalarAsync<long>(cluster.DataSource, "select count(*) from grain_events where stream = 'counter/ev' and seq = 21"));
        TestSignals.Set("ev-commit:go");
        Assert.Equal(21, await call);
        Assert.Equal(21, (await Next(received)).Seq);
    }

    [Fact]
    public async Task A_gap_in_the_notifications_is_filled_from_the_table_and_a_lost_event_shows_as_a_seq_jump()
    {
        var cluster = fixture.Cluster;
        var received = Channel.CreateUnbounded<GrainEvent>();
        using var _ = cluster.Events(2).Subscribe("synthetic/", e => received.Writer.WriteAsync(e).AsTask());
        await Notify(1);
        Assert.Equal(1, (await Next(received)).Seq);

        // Events 2 and 3 committed but their NOTIFY was lost (e.g. the node crashed): the next one brings them back.
        await Db.ExecuteAsync(cluster.DataSource, """
            insert into grain_events (stream, seq, type, data) values
              ('synthetic/g', 2, 'tick', '{"n":2}'), ('synthetic/g', 3, 'tick', '{"n":3}')
            """);
        await Notify(4);
        var recovered = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            recovered.Add((await Next(received)).Seq);
        }
        Assert.Equal([2L, 3L, 4L], recovered);

        // Event 5 is gone from the table too (pruned): the subscriber sees 4 then 6 and can tell.
        await Notify(6);
        var afterGap = await Next(received);
        Assert.Equal(6, afterGap.Seq);
        Assert.Equal(6, afterGap.Data.GetProperty("n").GetInt32());

        // A repeated notification is not delivered twice.
        await Notify(6);
        await Notify(7);
        Assert.Equal(7, (await Next(received)).Seq);
    }

    [Fact]
    public async Task Big_events_travel_by_reference_and_ephemeral_events_carry_seq_zero()
    {
        var cluster = fixture.Cluster;
        var received = Channel.CreateUnbounded<GrainEvent>();
        using var a = cluster.Events(1).Subscribe("echo/big", e => received.Writer.WriteAsync(e).AsTask());
        using var b = cluster.Events(1).Subscribe("mirror/b-1", e => received.Writer.WriteAsync(e).AsTask());
        var big = new string('x', 20_000);
        await cluster.Grains(0).GetGrain<IEchoGrain>("big").Say(big);
        var e1 = await Next(received);
        Assert.Equal((1L, big), (e1.Seq, e1.Data.GetProperty("text").GetString()));

        cluster.Events(0).PublishEphemeral("mirror/b-1", "code", new { Code = "def f(): pass" });
        cluster.Events(2).PublishEphemeral("mirror/b-1", "code", new { Code = big });
        var small = await Next(received);
        var large = await Next(received);
        Assert.Equal((0L, "code", "def f(): pass"), (small.Seq, small.Type, small.Data.GetProperty("code").GetString()));
        Assert.Equal((0L, big), (large.Seq, large.Data.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_listen_connection_comes_back_after_being_killed_and_the_missed_events_are_recovered()
    {
        var cluster = fixture.Cluster;
        var received = Channel.CreateUnbounded<GrainEvent>();
        using var _ = cluster.Events(1).Subscribe("counter/relisten", e => received.Writer.WriteAsync(e).AsTask());
        var counter = cluster.Grains(0).GetGrain<ICounterGrain>("relisten");
        await counter.Increment();
        Assert.Equal(1, (await Next(received)).Seq);

        Assert.Equal(1L, await Db.ScalarAsync<long>(cluster.DataSource, """
            select count(pg_terminate_backend(pid)) from pg_stat_activity
            where application_name = $1 and datname = current_database()
            """, $"{cluster[1].Id}-listen"));
        // Silo 1 is deaf for event 2; once it listens again it reads what it missed from the table.
        await counter.Increment();
        Assert.Equal(2, (await Next(received)).Seq);
        Assert.Equal(1L, await Db.ScalarAsync<long>(cluster.DataSource,
            "select count(*) from pg_stat_activity where application_name = $1 and datname = current_database()",
            $"{cluster[1].Id}-listen"));
        await counter.Increment();
        Assert.Equal(3, (await Next(received)).Seq);
    }

    private Task Notify(int seq) => Db.ExecuteAsync(fixture.Cluster.DataSource,
        "select pg_notify('duel_events', $1)", $$$"""[{"s":"synthetic/g","q":{{{seq}}},"t":"tick","d":{"n":{{{seq}}}}}]""");

    private static async Task<GrainEvent> Next(Channel<GrainEvent> channel) =>
        await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
