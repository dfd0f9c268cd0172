using Microsoft.Extensions.Hosting;

namespace Duel.Hosting;

/// <summary>The host of a process without pages of its own: a silo or a sandbox worker.</summary>
public static class NodeHost
{
    /// <summary>
    /// A host builder whose content root is the app's own directory, wherever the process was started.
    /// </summary>
    /// <remarks>
    /// The default root is the current directory, and the default configuration watches it, with every
    /// directory below it, for a changed <c>appsettings.json</c>. Started from the repository (as
    /// <c>./duel up</c> and <c>./duel cluster</c> do), that tree holds every node's log and
    /// PostgreSQL's data, so each write there woke the node to read and discard an inotify event: the
    /// watcher's thread was 9–13.5 % of a silo's and a worker's CPU under load (docs/performance.md).
    /// The app's directory does not change while it runs. The web node keeps its own root: its pages
    /// and static files.
    /// </remarks>
    public static HostApplicationBuilder CreateBuilder(string[] args) =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
}
