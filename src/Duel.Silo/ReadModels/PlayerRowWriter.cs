using Duel.Grains.Players;
using Npgsql;

namespace Duel.Silo.ReadModels;

/// <summary>Upserts a player's row of the <c>players</c> table after the player grain stored its state.</summary>
public sealed class PlayerRowWriter : IReadModelWriter<PlayerChanged>
{
    private const string Upsert = """
        insert into players (id, name, rating, deviation, volatility, wins, losses, draws, created_at, updated_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        on conflict (id) do update set
            name = excluded.name, rating = excluded.rating, deviation = excluded.deviation,
            volatility = excluded.volatility, wins = excluded.wins, losses = excluded.losses,
            draws = excluded.draws, updated_at = excluded.updated_at
        returning 1
        """;

    public string Sql => Upsert;

    public NpgsqlParameter[] Parameters(PlayerChanged fact) =>
    [
        new() { Value = fact.Id },
        new() { Value = fact.Name },
        new() { Value = fact.Rating },
        new() { Value = fact.Deviation },
        new() { Value = fact.Volatility },
        new() { Value = fact.Wins },
        new() { Value = fact.Losses },
        new() { Value = fact.Draws },
        new() { Value = fact.CreatedAt },
        new() { Value = fact.UpdatedAt },
    ];
}
