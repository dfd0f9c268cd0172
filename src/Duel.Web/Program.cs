using Duel.Silo;
using Duel.Web.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddDuelSilo(role: "web");
var app = builder.Build();
app.MapHealthEndpoints();
app.Run();

public partial class Program;
