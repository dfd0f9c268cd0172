using System.CommandLine;
using System.Text;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Judging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Duel.Sandbox.Worker.Cli;

/// <summary>
/// <c>judge --challenge SLUG --file F [--visible-only]</c>: the worker's own judge (same
/// sandbox, same harness, same comparison), without a database. Exit 0 whenever judging
/// worked, whatever the verdict; 1 when the judge itself failed; 2 for bad arguments.
/// </summary>
internal static class JudgeCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var challenge = new Option<string>("--challenge") { Description = "challenge slug", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Python source to judge", Required = true };
        var visibleOnly = new Option<bool>("--visible-only") { Description = "run the visible examples only (\"run\" mode)" };
        var dir = new Option<DirectoryInfo>("--challenges")
        {
            Description = "challenge directory",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "challenges")),
        };
        var command = new Command("judge", "judge one file through the worker's sandbox") { challenge, file, visibleOnly, dir };
        command.SetAction((result, ct) => JudgeAsync(result.GetValue(challenge)!, result.GetValue(file)!,
            result.GetValue(visibleOnly), result.GetValue(dir)!, ct));
        return await new RootCommand("Python-Duel sandbox worker") { command }.Parse(args).InvokeAsync();
    }

    private static async Task<int> JudgeAsync(string slug, FileInfo file, bool visibleOnly, DirectoryInfo dir, CancellationToken ct)
    {
        var path = Path.Combine(dir.FullName, slug + ".json");
        if (!File.Exists(path) || slug.Contains('/') || slug.Contains(".."))
        {
            await Console.Error.WriteLineAsync($"judge: no challenge '{slug}' in {dir.FullName}");
            return 2;
        }
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"judge: file not found: {file.FullName}");
            return 2;
        }
        var bytes = await File.ReadAllBytesAsync(file.FullName, ct);
        string code;
        try
        {
            code = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Undecodable bytes become lone surrogates, which the judge rejects as not UTF-8.
            code = "\ud800";
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSandbox();
        using var host = builder.Build();
        var judge = host.Services.GetRequiredService<Judge>();
        var verdict = await judge.JudgeAsync(ChallengeFile.Load(path).ToRequest(code, visibleOnly), ct);
        Console.WriteLine(JsonSerializer.Serialize(verdict, JudgeJson.Options));
        return verdict.Status == Verdict.StatusInternalError ? 1 : 0;
    }
}
