using Duel.Hosting;

namespace Duel.Silo.Tests;

/// <summary>
/// A silo or worker started from any directory takes its content root, and so the tree its
/// configuration watches, from its own directory (started from the repository, it watched every log).
/// </summary>
[Collection(CurrentDirectory.Name)]
public sealed class NodeHostTests
{
    [Fact]
    public void The_content_root_is_the_apps_directory_and_nothing_is_read_from_the_directory_it_was_started_in()
    {
        var startedIn = Directory.CreateTempSubdirectory("duel-started-in-");
        File.WriteAllText(Path.Combine(startedIn.FullName, "appsettings.json"), """{ "Marker": "from the directory it was started in" }""");
        var before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(startedIn.FullName);
        try
        {
            var builder = NodeHost.CreateBuilder([]);

            Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath));
            Assert.Null(builder.Configuration["Marker"]);
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
            startedIn.Delete(recursive: true);
        }
    }
}

/// <summary>Tests that change the process's current directory run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectory
{
    public const string Name = "current directory";
}
