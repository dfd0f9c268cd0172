using System.Text.Json;
using Duel.Grains.Catalogue;

namespace Duel.Grains.Tests.Catalogue;

public sealed class JudgeRequestTests
{
    private static readonly Challenge Palindrome = ChallengeCatalogue.Load(ChallengeDirectory.ShippedPath).Find("palindrome")!;

    [Fact]
    public void Run_sends_only_the_visible_examples()
    {
        var request = Palindrome.ToJudgeRequest("code", JudgeMode.Run);

        Assert.Equal(JudgeMode.Run, request.Mode);
        Assert.Equal(Palindrome.Examples.Count, request.Tests.Count);
        Assert.All(request.Tests, t => Assert.False(t.Hidden));
        Assert.Equal(Palindrome.Examples.Select(e => e.Args), request.Tests.Select(t => t.Args));
    }

    [Fact]
    public void Submit_sends_examples_then_hidden_tests_in_order()
    {
        var request = Palindrome.ToJudgeRequest("code", JudgeMode.Submit);

        Assert.Equal(Palindrome.SubmitTestCount, request.Tests.Count);
        Assert.Equal(Palindrome.Examples.Count + Palindrome.Tests.Count, request.Tests.Count);
        Assert.All(request.Tests.Take(Palindrome.Examples.Count), t => Assert.False(t.Hidden));
        Assert.All(request.Tests.Skip(Palindrome.Examples.Count), t => Assert.True(t.Hidden));
        Assert.Equal(Palindrome.Tests.Select(t => t.Expected.GetRawText()), request.Tests.Skip(Palindrome.Examples.Count).Select(t => t.Expected.GetRawText()));
    }

    [Fact]
    public void Serializes_to_the_snake_case_job_payload()
    {
        var request = Palindrome.ToJudgeRequest("def is_palindrome(s):\n    return True\n", JudgeMode.Submit);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(request));
        var root = json.RootElement;

        Assert.Equal(
            ["challenge", "function", "code", "mode", "time_limit_ms", "float_tolerance", "tests"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("palindrome", root.GetProperty("challenge").GetString());
        Assert.Equal("is_palindrome", root.GetProperty("function").GetString());
        Assert.Equal("submit", root.GetProperty("mode").GetString());
        Assert.Equal(1000, root.GetProperty("time_limit_ms").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("float_tolerance").ValueKind);
        var first = root.GetProperty("tests")[0];
        Assert.Equal(["args", "expected", "hidden"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("A man, a plan, a canal: Panama", first.GetProperty("args")[0].GetString());
        Assert.True(first.GetProperty("expected").GetBoolean());
        Assert.False(first.GetProperty("hidden").GetBoolean());
        Assert.True(root.GetProperty("tests")[Palindrome.Examples.Count].GetProperty("hidden").GetBoolean());
    }

    [Fact]
    public void Payload_round_trips()
    {
        var request = Palindrome.ToJudgeRequest("x = 1", JudgeMode.Run);

        var back = JsonSerializer.Deserialize<JudgeRequest>(JsonSerializer.Serialize(request))!;

        Assert.Equal(request.Mode, back.Mode);
        Assert.Equal(request.Code, back.Code);
        Assert.Equal(request.Tests.Select(t => t.Args[0].GetString()), back.Tests.Select(t => t.Args[0].GetString()));
    }

    [Fact]
    public void Serializing_a_challenge_for_clients_omits_hidden_tests_and_solutions()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Palindrome, JsonSerializerOptions.Web));
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("examples", names);
        Assert.Equal("easy", json.RootElement.GetProperty("difficulty").GetString());
        Assert.DoesNotContain("tests", names);
        Assert.DoesNotContain("reference", names);
        Assert.DoesNotContain("wrong", names);
    }
}
