using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Duel.Web.Observability;

/// <summary>
/// Ready = PostgreSQL answers and every migration embedded in Duel.Silo is recorded in
/// <c>schema_migrations</c>. A balancer or orchestrator sends traffic only to ready nodes.
/// </summary>
internal sealed partial class ReadinessCheck(NpgsqlDataSource db) : IHealthCheck
{
    public const string Tag = "ready";

    private static readonly IReadOnlyList<string> Expected = typeof(Duel.Silo.SiloHostingExtensions).Assembly
        .GetManifestResourceNames()
        .Select(n => MigrationName().Match(n))
        .Where(m => m.Success)
        .Select(m => m.Groups["name"].Value)
        .Order(StringComparer.Ordinal)
        .ToList();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            // Rows are (version, name): 3 and "duel" for 003_duel.sql.
            await using var command = new NpgsqlCommand("""
                select lpad(version::text, 3, '0') || '_' || name from schema_migrations
                """, connection);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }
            var missing = Expected.Where(name => !applied.Contains(name)).ToList();
            var data = new Dictionary<string, object> { ["migrations"] = Expected.Count - missing.Count, ["expected"] = Expected.Count };
            return missing.Count == 0
                ? HealthCheckResult.Healthy("database up, migrations applied", data)
                : HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", missing)}", data: data);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("database up, no migration applied yet");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"database unavailable: {e.Message}");
        }
    }

    public static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not-ready",
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }));
    }

    [GeneratedRegex(@"\.(?<name>\d+_[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}
