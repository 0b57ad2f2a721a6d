using Atrium.Catalog.Api;
using Atrium.Catalog.Application;
using Atrium.Catalog.Infrastructure;
using Atrium.Chassis.Data.Modules;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.OpenApi;
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
        var (options, builder) = ServiceModuleBuilder.Create<CatalogOptions, CatalogDbContext>(context, CatalogOptions.Section, DatabaseFile);
        var services = builder.Services;
        services.AddScoped<ReservationService>();
        services.AddScoped<ProductQueries>();
        services.AddScoped<ProductAdministration>();
        services.AddHostedService<CatalogSeeder>();
        services.AddHostedService<ReservationExpirySweeper>();
        services.AddModuleOpenApi("catalog");
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
