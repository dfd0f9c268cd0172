namespace Duel.Web.Api;

/// <summary>Errors as <c>{"error": "..."}</c> with a status code: the message is for a person.</summary>
public static class ApiResults
{
    public sealed record ErrorBody(string Error);

    public static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), statusCode: status);
}
