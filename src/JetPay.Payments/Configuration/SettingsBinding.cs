using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Configuration;

/// <summary>Binds a settings section the same way for every options type of the app.</summary>
internal static class SettingsBinding
{
    /// <summary>
    /// Binds <paramref name="sectionName"/>, leaving out settings whose value is empty: Azure app settings that the Bicep
    /// leaves unset arrive as <c>""</c> and mean "not set" (an empty port or URL would not even bind). Keys keep their
    /// full path, so a binding error still names the setting.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, IConfiguration configuration, string sectionName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure(options => WithoutEmptyValues(configuration, sectionName).Bind(options));
    }

    private static IConfigurationSection WithoutEmptyValues(IConfiguration configuration, string sectionName)
    {
        var values = configuration.GetSection(sectionName).AsEnumerable().Where(setting => !string.IsNullOrEmpty(setting.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(sectionName);
    }
}
