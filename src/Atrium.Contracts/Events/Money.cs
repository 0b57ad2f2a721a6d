namespace Atrium.Contracts.Events;

/// <summary>An amount in integer minor units (cents for USD) of an ISO 4217 currency.</summary>
/// <param name="Amount">The amount in minor units.</param>
/// <param name="Currency">The ISO 4217 code, upper case (<c>EUR</c>, <c>USD</c>).</param>
public sealed record Money(long Amount, string Currency);
