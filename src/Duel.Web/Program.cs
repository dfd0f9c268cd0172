using Duel.Web;
using Duel.Web.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.AddDuelWeb();
builder.AddDuelObservability();

var app = builder.Build();
app.UseDuelWeb();
app.MapDuelReadiness();
app.Run();

public partial class Program;
