using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Duel.Web.Infrastructure;

/// <summary>
/// The small Markdown subset challenge statements use: paragraphs, `code` and **bold**. Text is
/// HTML-encoded first, so a statement can never inject markup.
/// </summary>
public static partial class MiniMarkdown
{
    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();

    public static IHtmlContent ToHtml(string markdown)
    {
        var html = new StringBuilder();
        foreach (var paragraph in markdown.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var text = WebUtility.HtmlEncode(paragraph.Trim());
            text = Code().Replace(text, "<code>$1</code>");
            text = Bold().Replace(text, "<strong>$1</strong>");
            html.Append("<p>").Append(text.Replace("\n", "<br>")).Append("</p>");
        }
        return new HtmlString(html.ToString());
    }
}
