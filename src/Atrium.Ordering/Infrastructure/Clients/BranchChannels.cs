using Atrium.Rpc;
using Atrium.Rpc.Client;
using Grpc.Net.Client;
using Catalog = Atrium.Contracts.Catalog.V1;
using Identity = Atrium.Contracts.Identity.V1;
using Payments = Atrium.Contracts.Payments.V1;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>
/// One gRPC channel (a pooled set of HTTP/2 connections) per service ordering calls, created once and shared by every
/// call, each call carrying a service token for that service (dropped when the service refuses it), and the generated clients
/// over them.
/// </summary>
internal sealed class BranchChannels : IDisposable
{
    private readonly GrpcChannel _identity;
    private readonly GrpcChannel _catalog;
    private readonly GrpcChannel _payments;

    public BranchChannels(OrderingOptions options, ServiceTokenSource tokens, TimeProvider time)
    {
        _identity = GrpcChannels.Create(new Uri(options.IdentityAddress), tokens.CredentialsFor(ServiceScopes.Identity));
        _catalog = GrpcChannels.Create(new Uri(options.CatalogAddress), tokens.CredentialsFor(ServiceScopes.Catalog));
        _payments = GrpcChannels.Create(new Uri(options.PaymentsAddress), tokens.CredentialsFor(ServiceScopes.Payments));
        // A callee that refuses a token (identity restarted with a new signing key) gets a new one on the next call.
        Users = new(tokens.Intercept(_identity.CreateInvoker(time), ServiceScopes.Identity));
        var catalog = tokens.Intercept(_catalog.CreateInvoker(time), ServiceScopes.Catalog);
        Products = new(catalog);
        Reservations = new(catalog);
        Payments = new(tokens.Intercept(_payments.CreateInvoker(time), ServiceScopes.Payments));
    }

    public Identity.Users.UsersClient Users { get; }

    public Catalog.Products.ProductsClient Products { get; }

    public Catalog.Reservations.ReservationsClient Reservations { get; }

    public Payments.Payments.PaymentsClient Payments { get; }

    public void Dispose()
    {
        _identity.Dispose();
        _catalog.Dispose();
        _payments.Dispose();
    }
}
