using Dapper;
using Npgsql;

namespace Duel.Web.Accounts;

/// <summary>The <c>accounts</c> table. Name uniqueness is the database's unique index, so two racing registrations cannot both win.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";

    /// <summary>Inserts the account; false when the name is taken (in any letter case).</summary>
    public async Task<bool> TryCreateAsync(string playerId, string name, string? passwordHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into accounts (player_id, name, password_hash) values (@playerId, @name, @passwordHash)
                """, new { playerId, name, passwordHash }, cancellationToken: ct));
            return true;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            return false;
        }
    }

    public async Task<Account?> FindByNameAsync(string name, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(
            """
            select player_id as PlayerId, name as Name, password_hash as PasswordHash, created_at as CreatedAt
            from accounts where lower(name) = lower(@name)
            """, new { name }, cancellationToken: ct));
    }

    public async Task<Account?> FindByIdAsync(string playerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(
            """
            select player_id as PlayerId, name as Name, password_hash as PasswordHash, created_at as CreatedAt
            from accounts where player_id = @playerId
            """, new { playerId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> playerIds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string PlayerId, string Name)>(new CommandDefinition(
            """
            select player_id, name from accounts where player_id = any(@ids)
            """, new { ids = playerIds.Distinct().ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.PlayerId, r => r.Name);
    }

    /// <summary>Sets a password on a guest account only; an account that has one keeps it.</summary>
    public async Task<bool> SetGuestPasswordAsync(string playerId, string passwordHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            update accounts set password_hash = @passwordHash where player_id = @playerId and password_hash is null
            """, new { playerId, passwordHash }, cancellationToken: ct));
        return changed == 1;
    }

    public async Task DeleteAsync(string playerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from accounts where player_id = @playerId
            """, new { playerId }, cancellationToken: ct));
    }
}
