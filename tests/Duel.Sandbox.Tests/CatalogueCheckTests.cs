using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Tests;

/// <summary>
/// Every challenge file, through the real sandbox: the reference passes every test, each
/// wrong solution fails at least one hidden test, and no hidden test repeats an example.
/// </summary>
public sealed class CatalogueCheckTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Slugs => [.. SlugList()];

    [Fact]
    public void The_catalogue_is_copied_next_to_the_worker() => Assert.Contains("palindrome", SlugList());

    private static IEnumerable<string> SlugList() => Challenges.Files.Select(f => Path.GetFileNameWithoutExtension(f));

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task Reference_passes_every_test(string slug)
    {
        var challenge = Challenges.Load(slug);
        var verdict = await sandbox.Judge.JudgeAsync(challenge.ToRequest(challenge.Reference, false), CancellationToken.None);
        Assert.True(verdict.Status == Verdict.StatusPassed, $"{slug}: {verdict.Status} {verdict.Message} {Checks.Json(verdict)}");
        Assert.Equal(challenge.Examples.Count + challenge.Tests.Count, verdict.Passed);
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task Every_wrong_solution_fails_a_hidden_test(string slug)
    {
        var challenge = Challenges.Load(slug);
        Assert.NotEmpty(challenge.Wrong);
        foreach (var (wrong, i) in challenge.Wrong.Select((w, i) => (w, i)))
        {
            var verdict = await sandbox.Judge.JudgeAsync(challenge.ToRequest(wrong, false), CancellationToken.None);
            Assert.True(verdict.Tests.Any(t => t.Hidden && t.Status != TestVerdict.PassedStatus),
                $"{slug} wrong[{i}] passes every hidden test ({verdict.Status}: {verdict.Message})");
        }
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void No_hidden_test_repeats_an_example(string slug)
    {
        var challenge = Challenges.Load(slug);
        var examples = challenge.Examples.Select(e => e.Args.GetRawText()).ToHashSet();
        Assert.True(challenge.Examples.Count is >= 2 and <= 3, $"{slug}: {challenge.Examples.Count} examples");
        Assert.True(challenge.Tests.Count >= 8, $"{slug}: only {challenge.Tests.Count} hidden tests");
        Assert.DoesNotContain(challenge.Tests, t => examples.Contains(t.Args.GetRawText()));
    }
}
