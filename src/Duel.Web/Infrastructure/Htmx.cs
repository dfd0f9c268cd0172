using Microsoft.AspNetCore.Mvc;

namespace Duel.Web.Infrastructure;

/// <summary>The few htmx request/response conventions we use (the NuGet helper package is not on the feed).</summary>
public static class Htmx
{
    public static bool IsHtmx(this HttpRequest request) => request.Headers["HX-Request"] == "true";

    /// <summary>A full-page navigation: htmx follows <c>HX-Redirect</c>; a plain form post follows 303.</summary>
    public static IActionResult RedirectFor(HttpContext context, string url)
    {
        if (context.Request.IsHtmx())
        {
            context.Response.Headers["HX-Redirect"] = url;
            return new NoContentResult();
        }
        return new RedirectResult(url) { PreserveMethod = false };
    }
}
