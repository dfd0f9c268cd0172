using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using System.Text.Json.Serialization;
using Duel.Grains.Catalogue;
using Duel.Hosting;
using Duel.Web.Accounts;
using Duel.Web.Admin;
using Duel.Web.Api;
using Duel.Web.Battles;
using Duel.Web.Lobby;
using Duel.Web.Mirroring;
using Duel.Web.Players;
using Duel.Web.Practice;
using Duel.Web.Realtime;
using Duel.Web.Replays;
using Duel.Web.Options;
using Duel.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Web;

/// <summary>Everything the web node adds on top of the co-hosted silo.</summary>
public static class WebRegistrations
{
    public const string OperatorScheme = "Operator";
    public const string OperatorPolicy = "Operator";

    public static WebApplicationBuilder AddDuelWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        // The silo registers the shared data source; this covers a web node built without it.
        var postgres = () => builder.Configuration["Duel:Postgres"]
            ?? throw new InvalidOperationException("Configuration 'Duel:Postgres' (env Duel__Postgres) is required.");
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(PostgresPools.ConnectionString(postgres())));
        services.TryAddKeyedSingleton(PostgresPools.Relaxed, (_, _) => NpgsqlDataSource.Create(PostgresPools.RelaxedConnectionString(postgres())));

        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<AccountStore>();
        services.AddScoped<AccountService>();
        services.AddSingleton<RateLimits>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddChallengeCatalogue();
        services.AddSingleton<IPlayerProvisioner, GrainPlayerProvisioner>();
        services.AddSingleton<BattleScreens>();
        services.AddSingleton<LobbyQueries>();
        services.AddSingleton<ProfileQueries>();
        services.AddSingleton<ReplayQueries>();
        services.AddSingleton<BattleReplays>();
        services.AddSingleton<Admin.ClusterQueries>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton(sp => new CodeSnapshotStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WebOptions>>().Value.TimelineLimit));
        services.AddSingleton<SnapshotFlusher>();
        services.AddSingleton<GhostQueries>();
        services.AddSingleton<Practices>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotFlusher>());
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddSingleton<PartialRenderer>();
        services.AddSingleton<EventBridge>();
        services.AddSingleton<BattleConnections>();
        services.AddSingleton<BattlePresenceStore>();
        services.AddSingleton<BattlePresenceSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<BattlePresenceSweeper>());
        services.AddSingleton<QueueSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueSweeper>());
        services.AddSingleton<CodeRelay>();
        services.AddSignalR(o =>
        {
            // A 64 KiB snapshot plus framing; anything bigger is cut off by SignalR itself.
            o.MaximumReceiveMessageSize = 96 * 1024;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
        }).AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "duel.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/login";
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddCookie(OperatorScheme, o =>
            {
                o.Cookie.Name = "duel.operator";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.LoginPath = "/admin/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(OperatorScheme).RequireAuthenticatedUser());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "duel.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Battles");
            o.Conventions.AuthorizeFolder("/Replays");
            o.Conventions.AuthorizePage("/Account/Settings");
            o.Conventions.AuthorizeFolder("/Admin", OperatorPolicy);
            o.Conventions.AllowAnonymousToPage("/Admin/Login");
        });
        services.AddProblemDetails();
        // Battle page JS + CSS: ~590 KB raw, ~194 KB on the wire with gzip or brotli at Optimal.
        services.AddResponseCompression();
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        // Names, statements and messages keep their characters instead of numeric entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    // Browsers get the login page; the API and the hub get a status code they can act on.
    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || ctx.Request.IsHtmx())
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseDuelWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
        // People get a page for 403/404; the API and the hub keep bare status codes.
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api") && !ctx.Request.Path.StartsWithSegments("/hubs"),
            branch => branch.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseResponseCompression();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapHub<DuelHub>("/hubs/duel");
        app.MapDuelDashboard();
        app.MapGroup("/api").AddEndpointFilter<ApiRequestFilter>().MapSessionEndpoints().MapGameEndpoints().MapInviteEndpoints()
            .MapPracticeEndpoints().MapReplayEndpoints();
        return app;
    }
}
