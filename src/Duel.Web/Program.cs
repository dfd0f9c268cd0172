using Duel.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddDuelWeb();

var app = builder.Build();
app.UseDuelWeb();
app.Run();

public partial class Program;
