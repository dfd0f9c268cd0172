using System.Text.Json;
using Duel.Sandbox.Worker.Judging;

namespace Duel.Sandbox.Tests;

public sealed class JsonComparerTests
{
    [Theory]
    [InlineData("1", "1.0", null, true)]
    [InlineData("0.1", "0.30000000000000004", null, false)]
    [InlineData("0.3", "0.30000000000000004", 1e-9, true)]
    [InlineData("100.0", "100.5", 1e-3, false)]
    [InlineData("true", "1", null, false)]
    [InlineData("[1,2]", "[1,2,3]", null, false)]
    [InlineData("{\"a\":1,\"b\":[true]}", "{\"b\":[true],\"a\":1}", null, true)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", null, false)]
    [InlineData("1267650600228229401496703205376", "1267650600228229401496703205376", null, true)]
    [InlineData("1267650600228229401496703205376", "1267650600228229401496703205377", null, false)]
    [InlineData("\"x\"", "\"X\"", null, false)]
    [InlineData("null", "null", null, true)]
    public void Compares_like_python_with_tolerance(string expected, string actual, double? tolerance, bool equal)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.Equal(equal, JsonComparer.Equal(e.RootElement, a.RootElement, tolerance));
    }
}
