using Duel.Silo;
using Duel.Web;
using Duel.Web.Api;
using Duel.Web.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.AddDuelSilo(role: "web");
builder.AddDuelWeb();
builder.AddDuelObservability();

var app = builder.Build();
app.UseDuelWeb();
app.MapHealthEndpoints();
app.MapDuelReadiness();
app.Run();

public partial class Program;
