using Duel.Silo.Storage;
using Npgsql;
using Orleans.Storage;

namespace Duel.Silo.Tests.Orleans;

/// <summary>
/// The product's grain storage (<see cref="PostgresGrainStorage"/>) against Orleans' ADO.NET provider on the same
/// table: rows either one wrote are the other's, so a database from before the switch keeps its grains. And its
/// batcher: writes that arrive together share a batch, and a write that fails fails alone.
/// </summary>
public sealed class PostgresGrainStorageTests(OrleansAdoNetFixture fixture) : IClassFixture<OrleansAdoNetFixture>
{
    private const string StateType = "Duel.Tests.ScoreGrain";

    private readonly OrleansAdoNetFixture _fixture = fixture;

    private IGrainStorage AdoNet => _fixture.StorageNamed(OrleansAdoNetFixture.BinaryStorageName);

    public static TheoryData<string> Keys => ["string", "guid", "guid+ext", "integer", "integer+ext"];

    private static GrainId Grain(string kind)
    {
        var type = GrainType.Create("score");
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        return kind switch
        {
            "guid" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            "guid+ext" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "ext")),
            "integer" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)),
            "integer+ext" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "ext")),
            _ => GrainId.Create(type, $"player-{Guid.NewGuid():N}"[..20]),
        };
    }

    private static async Task<GrainState<ScoreState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<ScoreState>();
        await storage.ReadStateAsync(StateType, grainId, state);
        return state;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_row_the_AdoNet_provider_wrote_is_read_and_written_on_by_this_one_and_back(string kind)
    {
        // A state name of the test's own, so the row count below sees only this grain's rows.
        var stateType = $"Duel.Tests.Compat{Guid.NewGuid():N}";
        var grainId = Grain(kind);
        await AdoNet.WriteStateAsync(stateType, grainId, new GrainState<ScoreState>(new ScoreState { Score = 1, Moves = ["a"] }));

        var ours = new GrainState<ScoreState>();
        await _fixture.BatchedStorage.ReadStateAsync(stateType, grainId, ours);
        Assert.True(ours.RecordExists);
        Assert.Equal("1", ours.ETag);
        Assert.Equal(["a"], ours.State!.Moves);

        ours.State!.Score = 2;
        await _fixture.BatchedStorage.WriteStateAsync(stateType, grainId, ours);
        Assert.Equal("2", ours.ETag);

        var theirs = new GrainState<ScoreState>();
        await AdoNet.ReadStateAsync(stateType, grainId, theirs);
        Assert.Equal(("2", 2), (theirs.ETag, theirs.State!.Score));
        theirs.State!.Score = 3;
        await AdoNet.WriteStateAsync(stateType, grainId, theirs);
        var again = new GrainState<ScoreState>();
        await _fixture.BatchedStorage.ReadStateAsync(stateType, grainId, again);
        Assert.Equal(("3", 3), (again.ETag, again.State!.Score));

        // Both found the one row by the same key columns and hashes; neither inserted a second.
        Assert.Equal(1L, await Db.ScalarAsync<long>(_fixture.DataSource, "select count(*) from orleans_grain_state where grain_type = $1", stateType));
    }

    [Fact]
    public async Task Writes_in_one_batch_each_get_their_own_version_check()
    {
        var grains = Enumerable.Range(0, 40).Select(_ => Grain("string")).ToArray();
        var states = grains.Select(_ => new GrainState<ScoreState>(new ScoreState { Score = 1 })).ToArray();
        await Task.WhenAll(grains.Select((g, i) => _fixture.BatchedStorage.WriteStateAsync(StateType, g, states[i])));

        // Every other grain is written again from its current version, the rest from a stale one, all at once.
        var writes = grains.Select((g, i) =>
        {
            var state = new GrainState<ScoreState>(new ScoreState { Score = 2 }) { ETag = i % 2 == 0 ? states[i].ETag : null };
            return _fixture.BatchedStorage.WriteStateAsync(StateType, g, state);
        }).ToArray();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { })));

        for (var i = 0; i < grains.Length; i++)
        {
            var read = await ReadAsync(_fixture.BatchedStorage, grains[i]);
            if (i % 2 == 0)
            {
                Assert.True(writes[i].IsCompletedSuccessfully, $"write {i}: {writes[i].Exception}");
                Assert.Equal((2, "2"), (read.State!.Score, read.ETag));
            }
            else
            {
                Assert.IsType<InconsistentStateException>(writes[i].Exception!.InnerException);
                Assert.Equal((1, "1"), (read.State!.Score, read.ETag));
            }
        }
    }
}
