using Atrium.Contracts.Payments.V1;
using Atrium.Contracts.Rpc;
using Atrium.Rpc;

namespace Atrium.Payments.Api;

/// <summary>The method descriptors of <c>atrium.payments.v1.Payments</c>, for the server and its clients.</summary>
internal static class PaymentsMethods
{
    /// <summary><c>Charge</c>: moves an order's amount from the user to the merchant, once.</summary>
    public static readonly RpcMethod<ChargeRequest, PaymentReply> Charge =
        new(RpcMethodType.Unary, RpcServices.Payments, "Charge", ChargeRequest.Parser, PaymentReply.Parser);

    /// <summary><c>Refund</c>: gives an order's charge back, once; without a charge, a null compensation.</summary>
    public static readonly RpcMethod<RefundRequest, PaymentReply> Refund =
        new(RpcMethodType.Unary, RpcServices.Payments, "Refund", RefundRequest.Parser, PaymentReply.Parser);
}
