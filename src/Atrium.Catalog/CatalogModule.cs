using Atrium.Catalog.Api;
using Atrium.Catalog.Application;
using Atrium.Catalog.Infrastructure;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.OpenApi;
using Atrium.Chassis.Security;
using Atrium.Rpc;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Catalog;

/// <summary>The <c>catalog</c> module: products, stock, TCC reservations (gRPC), and the admin product API.</summary>
public static class CatalogModule
{
    /// <summary>The SQLite file name inside <c>host.dataDirectory</c>.</summary>
    public const string DatabaseFile = "catalog.db";

    /// <summary>Wires the catalog module for <see cref="ModuleInit"/>.</summary>
    public static IModuleService Init(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Get<ConfigStore>().Current.Get<CatalogOptions>(CatalogOptions.Section);

        var builder = ModuleWebHost.CreateBuilder(context, CatalogOptions.Section, options.Listen);
        var services = builder.Services;
        services.AddModuleDatabase<CatalogDbContext>(context, options.Provider, options.ConnectionString, DatabaseFile);
        services.AddSingleton(options);
        services.AddScoped<ReservationService>();
        services.AddScoped<ProductQueries>();
        services.AddScoped<ProductAdministration>();
        services.AddAccessTokenValidation(options.Auth);
        services.AddHostedService<CatalogSeeder>();
        services.AddHostedService<ReservationExpirySweeper>();
        services.AddModuleOpenApi("catalog");
        services.AddServiceTokenValidation(options.Auth, CatalogOptions.Section);
        services.AddAtriumGrpc(
            options.Grpc,
            options.Listen,
            new Dictionary<string, string>
            {
                [Contracts.Catalog.V1.Products.Descriptor.FullName] = ServiceScopes.CatalogProductsRead,
                [Contracts.Catalog.V1.Reservations.Descriptor.FullName] = ServiceScopes.CatalogReserve,
            },
            Contracts.Catalog.V1.Products.Descriptor.FullName,
            Contracts.Catalog.V1.Reservations.Descriptor.FullName);
        return ModuleWebHost.Build(builder, app =>
        {
            app.MapCatalogEndpoints();
            app.MapModuleOpenApi("catalog");
            app.MapCatalogAdminEndpoints();
            app.MapGrpcService<ProductsGrpcService>();
            app.MapGrpcService<ReservationsGrpcService>();
            app.MapAtriumGrpc();
        });
    }
}
