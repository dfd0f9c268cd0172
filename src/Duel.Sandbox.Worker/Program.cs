using Duel.Hosting;
using Duel.Sandbox.Worker.Jobs;
using Duel.Sandbox.Worker.Cli;
using Microsoft.Extensions.Hosting;

if (args is ["judge", ..])
{
    return await JudgeCli.RunAsync(args);
}
var builder = NodeHost.CreateBuilder(args);
builder.AddSandboxWorker();
await builder.Build().RunAsync();
return 0;
