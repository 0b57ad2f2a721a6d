using Atrium.Chassis.Errors;
using Atrium.Chassis.OpenApi;
using Atrium.Chassis.Security;
using Atrium.Payments.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Payments.Api;

/// <summary>
/// The HTTP API under <c>/api/payments</c>: the caller's own account, and for the <c>admin</c> role the summary of
/// the books and any order's payment.
/// </summary>
internal static class PaymentsEndpoints
{
    public static IEndpointRouteBuilder MapPaymentsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/payments").WithTags("payments");
        api.MapGet("/account", AccountAsync).RequiresBearer().Documents<AccountResponse>("getAccount").ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/summary", SummaryAsync).RequiresBearer(admin: true).Documents<PaymentsSummary>("getPaymentsSummary");
        api.MapGet("/orders/{orderId}", OrderAsync).RequiresBearer(admin: true).Documents<OrderPaymentResponse>("getOrderPayment")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> AccountAsync(HttpContext context, PaymentQueries queries)
    {
        var caller = await context.RequireCallerAsync().ConfigureAwait(false);
        var account = await queries.FindAccountAsync(caller.UserId, context.RequestAborted).ConfigureAwait(false)
            ?? throw new AtriumException(ErrorCodes.NotFound, "You have no account yet; it opens shortly after registration.");
        return Results.Ok(new AccountResponse(account.Id, MoneyResponse.From(account.Money)));
    }

    private static async Task<IResult> SummaryAsync(HttpContext context, PaymentQueries queries)
    {
        await context.RequireCallerAsync(Caller.AdminRole).ConfigureAwait(false);
        return Results.Ok(await queries.SummarizeAsync(context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> OrderAsync(string orderId, HttpContext context, PaymentQueries queries)
    {
        await context.RequireCallerAsync(Caller.AdminRole).ConfigureAwait(false);
        var payment = await queries.FindPaymentAsync(OrderIds.Require(orderId, "orderId"), context.RequestAborted).ConfigureAwait(false)
            ?? throw new AtriumException(ErrorCodes.NotFound, $"Order '{orderId}' has no payment.");
        return Results.Ok(new OrderPaymentResponse(payment.OrderId, payment.Status.ToString(), MoneyResponse.From(payment.Money)));
    }
}
