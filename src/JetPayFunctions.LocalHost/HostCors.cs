namespace JetPayFunctions.LocalHost;

/// <summary>
/// CORS as <c>func start</c> applies it: the origins in <c>Host.CORS</c> of <c>local.settings.json</c> (comma-separated,
/// <c>*</c> for any) and <c>Host.CORSCredentials</c>. The settings <c>Host__CORS</c> and <c>Host__CORSCredentials</c>
/// (environment or command line) override the file. No origins: no CORS headers, as with Core Tools.
/// </summary>
internal static class HostCors
{
    private const string PolicyName = "Host.CORS";
    private const string OriginsKey = "Host:CORS";
    private const string CredentialsKey = "Host:CORSCredentials";

    /// <summary>The CORS policy, from the configuration (which holds <c>local.settings.json</c>'s <c>Host</c> section).</summary>
    public static WebApplicationBuilder AddHostCors(this WebApplicationBuilder builder)
    {
        var origins = (builder.Configuration[OriginsKey] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var credentials = bool.TryParse(builder.Configuration[CredentialsKey], out var allow) && allow;
        builder.Services.AddCors(cors => cors.AddPolicy(PolicyName, policy =>
        {
            if (origins.Contains("*"))
            {
                policy.SetIsOriginAllowed(_ => true);
            }
            else
            {
                policy.WithOrigins(origins);
            }

            policy.AllowAnyMethod().AllowAnyHeader().WithExposedHeaders("Location", "Retry-After");
            if (credentials)
            {
                policy.AllowCredentials();
            }
        }));
        return builder;
    }

    public static WebApplication UseHostCors(this WebApplication app)
    {
        app.UseCors(PolicyName);
        return app;
    }
}
