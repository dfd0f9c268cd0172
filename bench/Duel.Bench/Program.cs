using Duel.Bench;

switch (args.FirstOrDefault())
{
    case "grains": return await GrainsBench.RunAsync(args[1..]);
    case "sandbox": return await SandboxBench.RunAsync(args[1..]);
    case "sandbox-judge": return await SandboxJudgeBench.RunAsync(args[1..]);
}
Console.WriteLine("usage: ./duel bench grains|sandbox|load|chaos");
return 2;
