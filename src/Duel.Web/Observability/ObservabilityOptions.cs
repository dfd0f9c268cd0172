using System.ComponentModel.DataAnnotations;

namespace Duel.Web.Observability;

/// <summary>OpenTelemetry export (section <c>Duel:Otlp</c>); nothing is exported without an endpoint.</summary>
public sealed class OtlpOptions
{
    public const string Section = "Duel:Otlp";

    /// <summary>Collector address, e.g. http://collector:4317 (gRPC) or http://collector:4318 (HTTP).</summary>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string Protocol { get; set; } = "grpc";

    [Range(1, 3600)]
    public int ExportIntervalSeconds { get; set; } = 10;
}

/// <summary>How often cluster-wide figures are read from PostgreSQL (section <c>Duel:Metrics</c>).</summary>
public sealed class ClusterMetricsOptions
{
    public const string Section = "Duel:Metrics";

    [Range(1, 3600)]
    public int SampleSeconds { get; set; } = 5;
}
