using System.Net;
using System.Net.Sockets;

namespace Duel.Sandbox.Tests;

/// <summary>
/// What one hostile program may aim at on the host: marker file paths that must not appear,
/// a TCP and a UDP listener on 127.0.0.1 that must receive nothing, a host process that must survive.
/// </summary>
public sealed class AttackContext : IDisposable
{
    public AttackContext()
    {
        Tcp = new TcpListener(IPAddress.Loopback, 0);
        Tcp.Start();
        Udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        Sentinel = System.Diagnostics.Process.Start("sleep", "60");
    }

    public string Marker { get; } = "duel-escape-" + Guid.NewGuid().ToString("n")[..10];

    public TcpListener Tcp { get; }

    public UdpClient Udp { get; }

    public System.Diagnostics.Process Sentinel { get; }

    public int TcpPort => ((IPEndPoint)Tcp.LocalEndpoint).Port;

    public int UdpPort => ((IPEndPoint)Udp.Client.LocalEndPoint!).Port;

    /// <summary>Host paths a write attack aims at (tmp, home, cwd, /var/tmp, /dev/shm).</summary>
    public IReadOnlyList<string> HostPaths =>
    [
        $"/tmp/{Marker}",
        Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", Marker),
        Path.Combine(Environment.CurrentDirectory, Marker),
        $"/var/tmp/{Marker}",
        $"/dev/shm/{Marker}",
    ];

    /// <summary>Fills the placeholders of a program's source.</summary>
    public string Fill(string code) => code
        .Replace("PRELUDE", HostilePrograms.Prelude)
        .Replace("MARKER", Marker)
        .Replace("TCP_PORT", TcpPort.ToString())
        .Replace("UDP_PORT", UdpPort.ToString())
        .Replace("HOST_CWD", Environment.CurrentDirectory)
        .Replace("HOST_HOME", Environment.GetEnvironmentVariable("HOME") ?? "/root");

    public void Dispose()
    {
        Tcp.Stop();
        Udp.Dispose();
        if (!Sentinel.HasExited)
        {
            Sentinel.Kill();
        }
        Sentinel.Dispose();
        foreach (var path in HostPaths.Where(File.Exists))
        {
            File.Delete(path);
        }
    }
}
