using Duel.Hosting;
using Duel.Silo;
using Microsoft.Extensions.Hosting;

// A plain Orleans silo: operators start more of these to add grain capacity (docs/operations.md).
var builder = NodeHost.CreateBuilder(args);
builder.AddDuelSilo();
builder.Build().Run();
