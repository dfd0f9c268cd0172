using Duel.Grains.Catalogue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Tests.Catalogue;

public sealed class ChallengeCatalogueStartupTests
{
    [Fact]
    public async Task Valid_directory_starts_and_serves_the_catalogue()
    {
        using var dir = new ChallengeDirectory().Write("palindrome.json", ChallengeDirectory.Palindrome());
        using var host = BuildHost(dir.Path);

        await host.StartAsync(CancellationToken.None);
        var catalogue = host.Services.GetRequiredService<ChallengeCatalogue>();

        Assert.Same(catalogue, host.Services.GetRequiredService<ChallengeCatalogue>());
        Assert.Equal("is_palindrome", catalogue.Find("palindrome")?.Function);
        Assert.Null(catalogue.Find("nope"));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Bad_file_stops_start_up_naming_file_and_field()
    {
        var broken = ChallengeDirectory.Palindrome();
        broken["tests"]![3]!.AsObject().Remove("args");
        using var dir = new ChallengeDirectory().Write("palindrome.json", broken);
        using var host = BuildHost(dir.Path);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains("challenges/palindrome.json: tests[3].args: required", error.Message);
    }

    [Fact]
    public void Default_path_is_the_challenges_folder_next_to_the_binaries()
    {
        using var host = Host.CreateApplicationBuilder().Services.AddChallengeCatalogue().BuildServiceProvider();

        var options = host.GetRequiredService<IOptions<ChallengeCatalogueOptions>>().Value;

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "challenges"), options.Path);
        Assert.NotEmpty(host.GetRequiredService<ChallengeCatalogue>().All);
    }

    private static IHost BuildHost(string path)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Duel:Challenges:Path", path)]);
        builder.Services.AddChallengeCatalogue();
        return builder.Build();
    }
}
