using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Data.Modules;

/// <summary>The wiring every service module starts with, written once.</summary>
public static class ServiceModuleBuilder
{
    /// <summary>
    /// Reads the module's <paramref name="section"/>, creates its web host on <see cref="ServiceOptions.Listen"/>, adds
    /// its database (<see cref="ServiceOptions.Provider"/>, <see cref="ServiceOptions.ConnectionString"/>, or
    /// <paramref name="databaseFile"/> in <c>host.dataDirectory</c>), registers the options and their
    /// <see cref="LiveOptions{T}"/>, and, for <see cref="VerifyingServiceOptions"/>, verification of users' access tokens
    /// and of service tokens addressed to the module (named <paramref name="section"/>).
    /// </summary>
    public static (TOptions Options, WebApplicationBuilder Builder) Create<TOptions, TContext>(ModuleContext context, string section, string databaseFile)
        where TOptions : ServiceOptions
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Get<ConfigStore>().Current.Get<TOptions>(section);
        var builder = ModuleWebHost.CreateBuilder(context, section, options.Listen);
        var services = builder.Services;
        services.AddModuleDatabase<TContext>(context, options.Provider, options.ConnectionString, databaseFile);
        services.AddSingleton(options);
        services.AddSingleton(_ => new LiveOptions<TOptions>(context.Get<ConfigStore>(), section));
        if (options is VerifyingServiceOptions verifying)
        {
            services.AddAccessTokenValidation(verifying.Auth);
            services.AddServiceTokenValidation(verifying.Auth, section);
        }

        return (options, builder);
    }
}
