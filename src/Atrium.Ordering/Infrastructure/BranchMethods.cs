using Atrium.Contracts.Rpc;
using Atrium.Rpc;
using Catalog = Atrium.Contracts.Catalog.V1;
using Identity = Atrium.Contracts.Identity.V1;
using Payments = Atrium.Contracts.Payments.V1;

namespace Atrium.Ordering.Infrastructure;

/// <summary>The client-side descriptors of the internal gRPC methods ordering calls (see the protos in Atrium.Contracts).</summary>
internal static class BranchMethods
{
    public static readonly RpcMethod<Identity.GetUserRequest, Identity.User> GetUser =
        new(RpcMethodType.Unary, RpcServices.IdentityUsers, "GetUser", Identity.GetUserRequest.Parser, Identity.User.Parser);

    public static readonly RpcMethod<Catalog.GetProductsRequest, Catalog.GetProductsReply> GetProducts =
        new(RpcMethodType.Unary, RpcServices.CatalogProducts, "GetProducts", Catalog.GetProductsRequest.Parser, Catalog.GetProductsReply.Parser);

    public static readonly RpcMethod<Catalog.TryReservationRequest, Catalog.ReservationReply> TryReservation =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Try", Catalog.TryReservationRequest.Parser, Catalog.ReservationReply.Parser);

    public static readonly RpcMethod<Catalog.ReservationRequest, Catalog.ReservationReply> ConfirmReservation =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Confirm", Catalog.ReservationRequest.Parser, Catalog.ReservationReply.Parser);

    public static readonly RpcMethod<Catalog.ReservationRequest, Catalog.ReservationReply> CancelReservation =
        new(RpcMethodType.Unary, RpcServices.CatalogReservations, "Cancel", Catalog.ReservationRequest.Parser, Catalog.ReservationReply.Parser);

    public static readonly RpcMethod<Payments.ChargeRequest, Payments.PaymentReply> Charge =
        new(RpcMethodType.Unary, RpcServices.Payments, "Charge", Payments.ChargeRequest.Parser, Payments.PaymentReply.Parser);

    public static readonly RpcMethod<Payments.RefundRequest, Payments.PaymentReply> Refund =
        new(RpcMethodType.Unary, RpcServices.Payments, "Refund", Payments.RefundRequest.Parser, Payments.PaymentReply.Parser);
}
