using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Duel.Web.Tests;

/// <summary>A .NET SignalR client on a test node's hub, signed in with a web client's cookies.</summary>
public static class TestHub
{
    /// <summary>A new player on <paramref name="node"/>, with the cookie jar a hub connection can share.</summary>
    public static async Task<(WebClient Client, CookieContainer Cookies)> SignUpAsync<T>(WebApplicationFactory<T> node, string name) where T : class
    {
        var cookies = new CookieContainer();
        var client = new WebClient(node.CreateDefaultClient(new CookieContainerHandler(cookies)));
        await client.RegisterAsync(name);
        return (client, cookies);
    }

    public static HubConnection Build<T>(WebApplicationFactory<T> node, CookieContainer cookies) where T : class =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node.Server.BaseAddress, "/hubs/duel"), o =>
            {
                // The test server speaks HTTP only; long polling carries the same hub protocol.
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = node.Server.CreateHandler() };
            })
            .Build();
}
