using System.ComponentModel.DataAnnotations;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>The worker's connection string, <c>Duel:Postgres</c> (role duel_worker in production).</summary>
public sealed class PostgresOptions
{
    [Required(ErrorMessage = "Duel:Postgres (env Duel__Postgres) is not set")]
    public string Postgres { get; set; } = "";
}
