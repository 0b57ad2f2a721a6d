using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Hosting.Http;
using Atrium.Chassis.OpenApi;
using Atrium.Chassis.Security;
using Atrium.Ordering.Application.Placement;
using Atrium.Ordering.Application.ReadModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Ordering.Api;

/// <summary>The public order API under <c>/api/orders</c>: every endpoint needs the caller's access token.</summary>
internal static class OrderingEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxLines = 50;
    public const int MaxQuantity = 1000;

    public static IEndpointRouteBuilder MapOrderingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/orders").WithTags("orders");
        api.MapPost("", PlaceAsync).WithJsonBody<PlaceOrderRequest>().RequiresBearer().RequiresIdempotencyKey()
            .Documents<OrderAccepted>("placeOrder", StatusCodes.Status202Accepted);
        api.MapGet("", ListAsync).RequiresBearer().Documents<OrderPage>("listOrders").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}", GetAsync).RequiresBearer().AcceptsPreferWait().Documents<OrderDetails>("getOrder").ProducesProblems(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> PlaceAsync(HttpContext http, OrderPlacement placement)
    {
        var caller = await http.RequireCallerAsync().ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<PlaceOrderRequest>(http.Request, http.RequestAborted).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length == 0)
        {
            errors[IdempotencyKeyHeader] = ["is required"];
        }
        else if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            errors[IdempotencyKeyHeader] = [$"must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters"];
        }

        var items = Validate(body, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var placed = await placement.PlaceAsync(caller.UserId, key, items, http.RequestAborted).ConfigureAwait(false);
        // A replay answers exactly as the first request did: the order as accepted, whatever it has become since.
        return Results.Accepted($"/api/orders/{placed.OrderId}", new OrderAccepted(placed.OrderId, "Pending"));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, OrderQueries orders, LiveOptions<OrderingOptions> options)
    {
        var caller = await http.RequireCallerAsync().ConfigureAwait(false);
        var wait = PreferWait.Read(http.Request.Headers, options.Current.MaxWait);
        // Another user's order answers exactly like a missing one, so ids cannot be probed.
        if (!Guid.TryParse(id, out var orderId)
            || await orders.FindAsync(caller.UserId, orderId, wait, http.RequestAborted).ConfigureAwait(false) is not { } order)
        {
            throw new AtriumException(ErrorCodes.NotFound, $"Order '{id}' does not exist.");
        }

        if (wait > TimeSpan.Zero)
        {
            http.Response.Headers["Preference-Applied"] = PreferWait.Format(wait);
        }

        return Results.Ok(order);
    }

    private static async Task<IResult> ListAsync(HttpContext http, OrderQueries orders)
    {
        var caller = await http.RequireCallerAsync().ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (page, pageSize) = QueryValues.ReadPaging(http.Request, OrderQueries.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var (items, total) = await orders.ListAsync(caller.UserId, page, pageSize, http.RequestAborted).ConfigureAwait(false);
        return Results.Ok(new OrderPage(items, page, pageSize, total));
    }

    private static List<PlaceOrderItem> Validate(PlaceOrderRequest? body, Dictionary<string, string[]> errors)
    {
        var items = new List<PlaceOrderItem>();
        if (body?.Items is not { Count: > 0 } requested)
        {
            errors["items"] = ["at least one item is required"];
            return items;
        }

        if (requested.Count > MaxLines)
        {
            errors["items"] = [$"at most {MaxLines} items per order"];
            return items;
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var item = requested[i];
            if (item?.ProductId is not { } productId || productId == Guid.Empty)
            {
                errors[$"items[{i}].productId"] = ["is required"];
            }

            if (item?.Quantity is not ({ } quantity and >= 1 and <= MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"must be 1 to {MaxQuantity}"];
            }

            if (item is { ProductId: { } id, Quantity: { } q })
            {
                items.Add(new PlaceOrderItem(id, q));
            }
        }

        return items;
    }
}
