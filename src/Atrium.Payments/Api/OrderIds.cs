using Atrium.Chassis.Errors;

namespace Atrium.Payments.Api;

/// <summary>The one rule for order ids (the idempotency key) on every API.</summary>
internal static class OrderIds
{
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="orderId"/> can be an order id: 1 to <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string? orderId) => orderId is { Length: > 0 and <= MaxLength };

    /// <summary><paramref name="orderId"/>, or <see cref="ValidationFailedException"/> naming <paramref name="field"/>.</summary>
    public static string Require(string? orderId, string field) =>
        IsValid(orderId) ? orderId! : throw ValidationFailedException.ForField(field, $"must be 1 to {MaxLength} characters");
}
