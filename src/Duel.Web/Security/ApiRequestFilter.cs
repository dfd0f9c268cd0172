namespace Duel.Web.Security;

/// <summary>
/// Cross-site protection for the JSON API without anti-forgery tokens: every unsafe request must
/// carry the <c>X-Duel-Client</c> header. A browser sends a custom header cross-site only after a
/// CORS preflight, which this server never approves, and the SameSite=Lax cookie is not sent on
/// cross-site POSTs anyway. Bots and tools add the header and keep the cookie.
/// </summary>
public sealed class ApiRequestFilter : IEndpointFilter
{
    public const string HeaderName = "X-Duel-Client";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && string.IsNullOrWhiteSpace(request.Headers[HeaderName]))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing header",
                detail: $"API requests that change state must send the '{HeaderName}' header (any value).");
        }
        return await next(context);
    }
}
