namespace Atrium.Payments.Infrastructure;

/// <summary>The <c>RETURNING "Id", "Balance"</c> row of a <see cref="BalanceStatements"/> statement.</summary>
internal sealed class BalanceRow
{
    public Guid Id { get; set; }

    public long Balance { get; set; }
}
