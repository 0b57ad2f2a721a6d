using Atrium.Chassis.Data.Modules;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.OpenApi;
using Atrium.Contracts.Events;
using Atrium.Payments.Api;
using Atrium.Payments.Application;
using Atrium.Payments.Infrastructure;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Payments;

/// <summary>The <c>payments</c> module: accounts, the double-entry ledger, charges and refunds.</summary>
public static class PaymentsModule
{
    /// <summary>The SQLite file name inside <c>host.dataDirectory</c>.</summary>
    public const string DatabaseFile = "payments.db";

    /// <summary>The inbox subscription that opens an account for every registered user.</summary>
    public const string OpenAccountSubscription = EventSubscriptions.PaymentsOpenAccount;

    /// <summary>The inbox subscription that settles the payment of every confirmed order.</summary>
    public const string SettlePaymentSubscription = EventSubscriptions.PaymentsSettlePayment;

    /// <summary>Wires the payments module for <see cref="ModuleInit"/>.</summary>
    public static IModuleService Init(ModuleContext context)
    {
        var (options, builder) = ServiceModuleBuilder.Create<PaymentsOptions, PaymentsDbContext>(context, PaymentsOptions.Section, DatabaseFile);
        var services = builder.Services;
        services.AddScoped<PaymentBarrier>();
        services.AddScoped<BalanceStatements>();
        services.AddScoped<PaymentService>();
        services.AddScoped<PaymentQueries>();
        services.AddScoped<CompensatedRefunds>();
        services.AddServiceTokenSource(context, options.Client, PaymentsOptions.Section);
        services.AddSingleton<IOrderSagas, GrpcOrderSagas>();
        // Before eventing: the seeder creates the schema the outbox relay and the inbox read.
        services.AddHostedService<PaymentsSeeder>();
        services.AddEventing<PaymentsDbContext>(context)
            .Subscribe<UserRegistered, OpenAccountHandler>(OpenAccountSubscription)
            .Subscribe<OrderConfirmed, SettlePaymentHandler>(SettlePaymentSubscription);
        services.AddModuleOpenApi("payments");
        var payments = Contracts.Payments.V1.Payments.Descriptor.FullName;
        services.AddAtriumGrpc(
            options.Grpc,
            options.Listen,
            // Per method: charging and refunding are separate rights.
            new Dictionary<string, string>
            {
                [$"{payments}/{nameof(PaymentsGrpcService.Charge)}"] = ServiceScopes.PaymentsCharge,
                [$"{payments}/{nameof(PaymentsGrpcService.Refund)}"] = ServiceScopes.PaymentsRefund,
            },
            payments);
        return ModuleWebHost.Build(builder, app =>
        {
            app.MapPaymentsEndpoints();
            app.MapModuleOpenApi("payments");
            app.MapGrpcService<PaymentsGrpcService>();
            app.MapAtriumGrpc();
        });
    }
}
