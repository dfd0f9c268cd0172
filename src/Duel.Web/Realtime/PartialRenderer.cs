using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Duel.Web.Realtime;

/// <summary>
/// Renders a Razor partial to a string outside any request, for pushes over the hub. The partials
/// it renders use no request state (no forms with tokens: htmx sends the token as a header).
/// The model metadata comes from the app's provider, which caches it per type: a provider made per
/// render read the model's attributes by reflection on every push.
/// </summary>
public sealed class PartialRenderer(IRazorViewEngine engine, ITempDataProvider tempData, IModelMetadataProvider metadata,
    IServiceScopeFactory scopes)
{
    public async Task<string> RenderAsync<TModel>(string path, TModel model)
    {
        await using var scope = scopes.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var actionContext = new ActionContext(http, new Microsoft.AspNetCore.Routing.RouteData(), new ActionDescriptor());
        var view = engine.GetView(executingFilePath: null, viewPath: path, isMainPage: false).View
            ?? throw new InvalidOperationException($"Partial '{path}' was not found.");
        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(metadata, new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(actionContext, view, viewData, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(context);
        return writer.ToString();
    }
}
