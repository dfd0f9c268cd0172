using System.Diagnostics;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Sandbox.Tests;

/// <summary>
/// The harness compiles a submission straight to code and builds the AST for the friendly check only
/// when a code object holds one of the check's words (<c>unflagged</c> in harness.py). These tests pin
/// both sides: ordinary code skips the AST, every kind of word sends code to it, and what the AST path
/// decided before (rejections, compiler errors at load, honest code that merely holds a word) is unchanged.
/// </summary>
public sealed class HarnessCheckTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Flagged =>
    [
        "import os.path",                                 // a dotted import's head
        "def f(s):\n    return open(s)",                  // a call, inside a function's code object
        "g = lambda: [eval(x) for x in 'ab']",            // nested twice (lambda, comprehension)
        "class C:\n    def m(self):\n        return super().m()", // the compiler's implicit __class__ cell
        "def f(code):\n    return code",                  // a parameter named like a module
        "x = ('a', '\\x5f\\x5fclass\\x5f\\x5f')",         // a constant, escaped, inside a folded tuple
        "from __future__ import annotations",             // annotations turned into strings
    ];

    [Fact]
    public async Task Ordinary_code_is_compiled_without_the_ast()
    {
        var compiled = await Unflagged(sandbox.Palindrome.Reference, "def f(xs):\n    return sorted(set(xs), key=len)[-1:]");
        Assert.Equal(["code", "code"], compiled);
    }

    [Theory]
    [MemberData(nameof(Flagged))]
    public async Task A_word_of_the_check_anywhere_takes_the_ast_path(string code) =>
        Assert.Equal(["None"], await Unflagged(code));

    [Fact]
    public async Task Honest_code_holding_a_word_still_passes()
    {
        const string code = """
            class Base:
                def clean(self, s):
                    return [c.lower() for c in s if c.isalnum()]

            class Cleaner(Base):
                def clean(self, s):
                    return super().clean(s)

            def is_palindrome(s):
                code = Cleaner().clean(s)
                return code == code[::-1]
            """;
        var verdict = await sandbox.JudgeAsync(code);
        Assert.Equal(Verdict.StatusPassed, verdict.Status);
        Assert.Equal(verdict.Total, verdict.Passed);
    }

    [Fact]
    public async Task A_compiler_error_still_fails_at_load_not_in_the_check()
    {
        var verdict = await sandbox.JudgeAsync("def is_palindrome(s):\n    return True\nreturn False\n");
        Assert.Equal(Verdict.StatusCrashed, verdict.Status);
        Assert.Contains("'return' outside function", verdict.Message);
    }

    /// <summary>Runs harness.py's <c>unflagged</c> on each snippet: "code" when it compiled without the AST, else "None".</summary>
    private async Task<string[]> Unflagged(params string[] snippets)
    {
        var runner = sandbox.Services.GetRequiredService<SandboxRunner>();
        const string Driver = """
            import sys
            h = type(sys)("harness")
            exec(compile(sys.argv[1], "harness.py", "exec"), h.__dict__)
            for snippet in sys.argv[2:]:
                compiled = h.unflagged(snippet)
                print("None" if compiled is None else type(compiled).__name__)
            """;
        var start = new ProcessStartInfo(runner.Python.Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-I", "-S", "-c", Driver, runner.Harness }.Concat(snippets))
        {
            start.ArgumentList.Add(arg);
        }

        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
