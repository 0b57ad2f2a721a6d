namespace Atrium.Load;

/// <summary>
/// A customer the run registered: their token, their opening balance, and what their confirmed orders took from it,
/// so that the balance can be checked at the end.
/// </summary>
internal sealed class Customer(string email, string token, long openingBalance)
{
    private long _spent;
    private int _unsettled;

    public string Email => email;

    public string Token { get; private set; } = token;

    public long OpeningBalance => openingBalance;

    /// <summary>The sum of the totals of this customer's confirmed orders.</summary>
    public long Spent => Interlocked.Read(ref _spent);

    /// <summary>Whether an order of theirs was left pending, which makes the final balance unknowable.</summary>
    public bool HasUnsettled => Volatile.Read(ref _unsettled) > 0;

    public void Confirmed(long total) => Interlocked.Add(ref _spent, total);

    public void Unsettled() => Interlocked.Increment(ref _unsettled);

    /// <summary>Signs in again (the token expired during a long run).</summary>
    public async Task SignInAsync(LoadClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("POST /api/identity/token", HttpMethod.Post, "/api/identity/token",
            body: new { email, password = LoadSetup.CustomerPassword }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess && response.Body?["access_token"]?.GetValue<string>() is { } fresh)
        {
            Token = fresh;
        }
    }
}
