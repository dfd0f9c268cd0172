using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Duel.Web.Tests;

/// <summary>A .NET SignalR client on a test node's hub, signed in with the given cookies.</summary>
public static class TestHub
{
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
