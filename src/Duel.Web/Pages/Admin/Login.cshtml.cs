using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Duel.Web.Options;
using Duel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Duel.Web.Pages.Admin;

/// <summary>Operator sign-in with the configured password (compared in constant time, rate-limited).</summary>
public sealed class LoginModel(IOptions<AdminOptions> options, RateLimits limits, ILogger<LoginModel> logger) : PageModel
{
    public bool Enabled => !string.IsNullOrEmpty(options.Value.Password);

    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Enabled) return NotFound();
        if (limits.Auth(ClientAddress.Of(HttpContext)) is { IsAllowed: false } limited)
        {
            Error = limited.Message("attempts");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Password!));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(Password ?? ""));
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            logger.LogWarning("Operator sign-in refused from {Address}", ClientAddress.Of(HttpContext));
            Error = "Wrong password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], WebRegistrations.OperatorScheme);
        await HttpContext.SignInAsync(WebRegistrations.OperatorScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin/cluster");
    }
}
