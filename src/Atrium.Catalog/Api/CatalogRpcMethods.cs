using Atrium.Contracts.Catalog.V1;
using Atrium.Contracts.Rpc;
using Atrium.Rpc;

namespace Atrium.Catalog.Api;

/// <summary>
/// The method descriptors of the catalog's internal gRPC API (<c>atrium/catalog/v1/catalog.proto</c>):
/// <c>atrium.catalog.v1.Products</c> and <c>atrium.catalog.v1.Reservations</c>, served on the h2c listener.
/// </summary>
internal static class CatalogRpcMethods
{
    /// <summary><c>Products/GetProducts</c>: the products with the given ids; unknown ids are left out.</summary>
    public static readonly RpcMethod<GetProductsRequest, GetProductsReply> GetProducts =
        new(RpcMethodType.Unary, RpcServices.CatalogProducts, "GetProducts", GetProductsRequest.Parser, GetProductsReply.Parser);

    /// <summary><c>Reservations/Try</c>: holds every line or none (TCC try).</summary>
    public static readonly RpcMethod<TryReservationRequest, ReservationReply> Try =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Try", TryReservationRequest.Parser, ReservationReply.Parser);

    /// <summary><c>Reservations/Confirm</c>: ships the held stock once (TCC confirm).</summary>
    public static readonly RpcMethod<ReservationRequest, ReservationReply> Confirm =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Confirm", ReservationRequest.Parser, ReservationReply.Parser);

    /// <summary><c>Reservations/Cancel</c>: releases the held stock once, or records a null compensation (TCC cancel).</summary>
    public static readonly RpcMethod<ReservationRequest, ReservationReply> Cancel =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Cancel", ReservationRequest.Parser, ReservationReply.Parser);
}
