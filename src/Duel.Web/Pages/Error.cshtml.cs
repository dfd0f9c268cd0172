using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Detail { get; private set; } = "The error was logged. Try again in a moment.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Detail) = code switch
        {
            404 => ("Not found", "There is nothing at this address."),
            403 => ("Not yours", "You are not a player here. Anyone may watch a battle from its spectate page."),
            400 => ("Bad request", "The request was refused. Reload the page and try again."),
            _ => (Title, Detail),
        };
    }
}
