using Htmx;
using Microsoft.AspNetCore.Mvc;

namespace Duel.Web.Infrastructure;

/// <summary>
/// A full-page navigation answered so that the caller follows it: htmx would follow a 303 itself and
/// swap the next page into the target, so it gets <c>HX-Redirect</c>; a plain form post gets the 303.
/// </summary>
public static class HtmxNavigation
{
    public static IActionResult NavigateTo(this HttpContext context, string url)
    {
        if (!context.Request.IsHtmx()) return new RedirectResult(url) { PreserveMethod = false };
        context.Response.Htmx(h => h.Redirect(url));
        return new NoContentResult();
    }
}
