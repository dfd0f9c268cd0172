using Duel.Silo;
using Duel.Silo.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Web.Api;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /api/health</c>: 200 with <c>{ status, database, migrations: { current, applied, latest }, silo }</c>,
    /// or 503 with the same shape when the database cannot be reached.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health", async (NpgsqlDataSource dataSource, IOptions<SiloOptions> options, CancellationToken ct) =>
        {
            HashSet<int>? applied = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
                applied = await MigrationRunner.AppliedVersionsAsync(connection, timeout.Token);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
            }
            var current = applied is not null && MigrationRunner.All.All(m => applied.Contains(m.Version));
            var body = new
            {
                status = applied is null ? "unavailable" : current ? "ok" : "migrating",
                database = applied is not null,
                migrations = new { current, applied = applied is { Count: > 0 } ? applied.Max() : 0, latest = MigrationRunner.Latest },
                silo = options.Value.SiloId,
            };
            return Results.Json(body, statusCode: applied is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return endpoints;
    }
}
