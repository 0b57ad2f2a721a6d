namespace Atrium.Load;

/// <summary>Customers whose balance was compared at the end with their confirmed orders, and how many differed.</summary>
internal sealed record BalanceCounts(long Checked, long Mismatched);
