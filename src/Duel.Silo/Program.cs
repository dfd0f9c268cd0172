using Duel.Silo;
using Microsoft.Extensions.Hosting;

// Standalone silo host: reminders and verdict application without a web front.
var builder = Host.CreateApplicationBuilder(args);
builder.AddDuelSilo();
builder.Build().Run();
