using Duel.Silo;
using Duel.Web;
using Duel.Web.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddDuelSilo(role: "web");
builder.AddDuelWeb();

var app = builder.Build();
app.UseDuelWeb();
app.MapHealthEndpoints();
app.Run();

public partial class Program;
