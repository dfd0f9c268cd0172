using System.Globalization;

namespace Duel.Web.Players;

/// <summary>
/// Geometry of the server-rendered rating chart: one point per finished battle (plus the starting
/// rating), scaled into a fixed viewBox with a little headroom. No JavaScript is involved.
/// </summary>
public sealed class RatingChart
{
    public const int Width = 640;
    public const int Height = 200;
    private const int Left = 44, Right = 10, Top = 10, Bottom = 22;

    public RatingChart(IReadOnlyList<RatingPoint> history)
    {
        var values = history.Count == 0 ? [] : new[] { history[0].Before }.Concat(history.Select(h => h.After)).ToList();
        Count = values.Count;
        if (Count == 0) return;
        var min = Math.Floor((values.Min() - 25) / 50) * 50;
        var max = Math.Ceiling((values.Max() + 25) / 50) * 50;
        Min = min;
        Max = max;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(int i) => Left + (Count == 1 ? plotW / 2.0 : plotW * i / (double)(Count - 1));
        double Y(double v) => Top + plotH * (1 - (v - min) / (max - min));
        Points = string.Join(' ', values.Select((v, i) => $"{F(X(i))},{F(Y(v))}"));
        GridLines = [.. Enumerable.Range(0, 5).Select(k => min + (max - min) * k / 4).Select(v => (F(Y(v)), Math.Round(v).ToString(CultureInfo.InvariantCulture)))];
        Last = values[^1];
    }

    public int Count { get; }
    public double Min { get; }
    public double Max { get; }
    public double Last { get; }
    public string Points { get; } = "";
    public IReadOnlyList<(string Y, string Label)> GridLines { get; } = [];
    public static int PlotLeft => Left;
    public static int PlotRight => Width - Right;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
