using System.ComponentModel.DataAnnotations;

namespace Duel.Silo;

/// <summary>Settings of a silo (section <c>Duel</c>); every node that co-hosts the runtime has one.</summary>
public sealed class SiloOptions
{
    public const string Section = "Duel";

    /// <summary>Npgsql connection string (<c>Duel:Postgres</c>, env <c>Duel__Postgres</c>).</summary>
    [Required(ErrorMessage = "Duel:Postgres (env Duel__Postgres) must hold a PostgreSQL connection string.")]
    public string Postgres { get; set; } = "";

    /// <summary>This node's id in <c>cluster_members</c> and its PostgreSQL application name.</summary>
    [Required]
    public string SiloId { get; set; } = $"{Environment.MachineName}-{Random.Shared.Next():x8}";

    [AllowedValues("web", "silo", "worker")]
    public string Role { get; set; } = "silo";

    /// <summary>Where operators can reach this node (shown on the cluster page); optional.</summary>
    public string? Address { get; set; }

    /// <summary>Attempts of a turn that fails with a deadlock or serialization failure.</summary>
    [Range(1, 20)]
    public int MaxTurnAttempts { get; set; } = 5;

    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Sweep for finished jobs even when no NOTIFY arrived (e.g. after a reconnect).</summary>
    public TimeSpan JobSweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long published events stay in <c>grain_events</c> for gap recovery.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the publisher gathers events before one NOTIFY (at most 10 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.010")]
    public TimeSpan EventFlushDelay { get; set; } = TimeSpan.FromMilliseconds(3);
}
