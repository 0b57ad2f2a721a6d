namespace Atrium.Ordering.Domain;

/// <summary>An amount in integer minor units (cents) of a currency; never a floating-point number.</summary>
/// <param name="Amount">Minor units, e.g. 1999 for $19.99.</param>
/// <param name="Currency">ISO 4217 code, upper-case.</param>
internal readonly record struct Money(long Amount, string Currency);
