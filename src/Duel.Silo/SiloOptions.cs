using System.ComponentModel.DataAnnotations;

namespace Duel.Silo;

/// <summary>Settings of a node that hosts a silo (section <c>Duel</c>): a web node or a standalone silo.</summary>
public sealed class SiloOptions
{
    public const string Section = "Duel";

    /// <summary>Npgsql connection string (<c>Duel:Postgres</c>, env <c>Duel__Postgres</c>): grain state, reminders, jobs, read models.</summary>
    [Required(ErrorMessage = "Duel:Postgres (env Duel__Postgres) must hold a PostgreSQL connection string.")]
    public string Postgres { get; set; } = "";

    /// <summary>StackExchange.Redis configuration (<c>Duel:Redis</c>, env <c>Duel__Redis</c>): silo membership and events.</summary>
    [Required(ErrorMessage = "Duel:Redis (env Duel__Redis) must hold a Redis configuration string, e.g. 127.0.0.1:6379,password=…")]
    public string Redis { get; set; } = "";

    /// <summary>This node's id in <c>cluster_members</c> (operators' view) and its PostgreSQL application name.</summary>
    [Required]
    public string SiloId { get; set; } = $"{Environment.MachineName}-{Random.Shared.Next():x8}";

    [AllowedValues("web", "silo")]
    public string Role { get; set; } = "silo";

    /// <summary>Where operators can reach this node (shown on the cluster page); optional.</summary>
    public string? Address { get; set; }

    /// <summary>Silos with the same cluster id form one cluster; the service id keys grain state and reminders.</summary>
    [Required]
    public string ClusterId { get; set; } = "duel";

    [Required]
    public string ServiceId { get; set; } = "python-duel";

    /// <summary>Silo-to-silo port; several silos on one machine need one each (<c>./duel cluster</c> assigns them).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at: an IP, or a host name (e.g. a compose service)
    /// resolved at start. Anything but loopback also makes the silo listen on every interface.
    /// </summary>
    [Required]
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>Sweep for finished jobs even when no NOTIFY arrived (e.g. after a reconnect).</summary>
    public TimeSpan JobSweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an applied job (its code and verdict) is kept before it is deleted (<see cref="Jobs.JobRetention"/>).
    /// Longer than a battle: a running battle that crashed reads its applied runs' verdicts back from their jobs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}
