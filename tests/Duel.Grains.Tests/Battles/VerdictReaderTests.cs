using System.Text.Json;
using Duel.Grains.Battles;

namespace Duel.Grains.Tests.Battles;

public sealed class VerdictReaderTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Hidden_tests_keep_only_index_hidden_and_status_even_if_the_worker_sent_more()
    {
        var verdict = VerdictReader.Read(Json("""
            {"status":"failed","passed":1,"total":2,"message":"1 of 2","elapsed_ms":12,
             "tests":[{"index":0,"hidden":false,"status":"passed","args":["abba"],"expected":true,"actual":true,"stdout":"hi"},
                      {"index":1,"hidden":true,"status":"wrong-answer","args":["secret"],"expected":false,"actual":true,"stdout":"leak"}]}
            """));

        Assert.Equal(("failed", 1, 2, 12), (verdict.Status, verdict.Passed, verdict.Total, verdict.ElapsedMs));
        Assert.Equal("[\"abba\"]", verdict.Tests[0].Args!.Value.GetRawText());
        Assert.Equal("hi", verdict.Tests[0].Stdout);
        Assert.Equal(new TestSummary(1, true, "wrong-answer"), verdict.Tests[1]);
        Assert.False(verdict.PassedAll);
    }

    [Fact]
    public void A_test_without_a_hidden_flag_is_treated_as_hidden()
    {
        var verdict = VerdictReader.Read(Json("""{"status":"failed","passed":0,"total":1,"tests":[{"index":0,"status":"error","args":[1]}]}"""));

        Assert.Equal(new TestSummary(0, true, "error"), verdict.Tests[0]);
    }

    [Theory]
    [InlineData("""{"status":"passed","passed":13,"total":13}""", true)]
    [InlineData("""{"status":"passed","passed":12,"total":13}""", false)]
    [InlineData("""{"status":"failed","passed":13,"total":13}""", false)]
    [InlineData("""{"status":"passed","passed":0,"total":0}""", false)]
    public void Only_a_passed_verdict_with_every_test_passed_solves(string json, bool solves) =>
        Assert.Equal(solves, VerdictReader.Read(Json(json)).PassedAll);

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"passed":3,"total":3}""")]
    [InlineData("""{"status":"passed","passed":"3","total":3}""")]
    public void A_malformed_verdict_becomes_an_internal_error_that_cannot_win(string json)
    {
        var verdict = VerdictReader.Read(Json(json));

        Assert.Equal("internal-error", verdict.Status);
        Assert.False(verdict.PassedAll);
    }

    [Fact]
    public void Long_output_and_large_values_are_cut()
    {
        var huge = new string('x', 10_000);
        var verdict = VerdictReader.Read(Json($$"""
            {"status":"failed","passed":0,"total":1,"tests":[{"index":0,"hidden":false,"status":"wrong-answer","actual":"{{huge}}","stdout":"{{huge}}"}]}
            """));

        Assert.True(verdict.Tests[0].Stdout!.Length <= VerdictReader.MaxText + 1);
        Assert.True(verdict.Tests[0].Actual!.Value.GetRawText().Length < 100);
    }
}
