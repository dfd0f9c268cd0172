using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Duel.Testing;
using Microsoft.Playwright;

namespace Duel.EndToEnd.Tests;

/// <summary>
/// A real deployment for the browser: a fresh database, two web nodes (separate processes, one
/// database), one sandbox worker, and Debian's Chromium driven by Playwright (never a downloaded
/// browser).
/// </summary>
public sealed class DuelStack : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private IPlaywright? _playwright;

    public string ConnectionString { get; private set; } = "";

    public string NodeA { get; private set; } = "";

    public string NodeB { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public static string OutputDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "e2e-output");

    public static readonly TimeSpan InviteLifetime = TimeSpan.FromSeconds(25);

    private readonly string _clusterId = $"e2e-{Guid.NewGuid():N}";

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("duel_e2e");
        NodeA = await StartWebAsync("web-a");
        NodeB = await StartWebAsync("web-b");
        _nodes.Add(NodeProcess.Start("worker", "Duel.Sandbox.Worker", new Dictionary<string, string>
        {
            ["Duel__Postgres"] = ConnectionString,
        }, OutputDirectory));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private async Task<string> StartWebAsync(string name)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var node = NodeProcess.Start(name, "Duel.Web", new Dictionary<string, string>
        {
            ["Duel__Postgres"] = ConnectionString,
            ["Duel__SiloId"] = name,
            // One Orleans cluster per stack: both web nodes' silos meet through the run's Redis.
            ["Duel__Redis"] = TestRedis.ConfigurationString,
            ["Duel__ClusterId"] = _clusterId,
            ["Duel__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Duel__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = url,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Duel__Web__AuthPerMinute"] = "1000",
            ["Duel__Web__JudgeIntervalMs"] = "500",
            // Short enough for the expired-link test to wait it out.
            ["Duel__Invites__Lifetime"] = InviteLifetime.ToString("c", CultureInfo.InvariantCulture),
            // The queue page offers a ghost after this many seconds alone (30 in production).
            ["Duel__Web__PracticeOfferSeconds"] = "2",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        }, OutputDirectory, "--contentRoot", Path.Combine(TestPostgres.RepositoryRoot, "src", "Duel.Web"));
        _nodes.Add(node);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (node.HasExited) throw new InvalidOperationException($"{name} exited:\n{node.Log}");
            try
            {
                var response = await http.GetAsync($"{url}/api/health");
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("\"ok\"")) return url;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not become healthy:\n{node.Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        foreach (var node in _nodes) await node.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (ConnectionString != "") await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<DuelStack>
{
    public const string Name = "stack";
}
