namespace Atrium.Catalog.Infrastructure;

/// <summary>The operations the stock branch records in the chassis <see cref="Chassis.Data.Persistence.BranchBarrier"/>.</summary>
internal static class TccBarrier
{
    public const string Try = "try";
    public const string Confirm = "confirm";
    public const string Cancel = "cancel";
}
