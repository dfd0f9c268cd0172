using Npgsql;

namespace Duel.Silo.Tests.Grains;

/// <summary>A read-model writer for the tests: a table it creates itself.</summary>
public sealed class TestFactWriter : IReadModelWriter<TestFact>
{
    public async Task WriteAsync(NpgsqlConnection connection, TestFact fact, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand("create table if not exists test_facts (key text not null, changes int not null)", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand("insert into test_facts (key, changes) values ($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = fact.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = fact.Changes });
        await command.ExecuteNonQueryAsync(ct);
    }
}
