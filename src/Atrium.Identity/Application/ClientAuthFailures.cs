using Atrium.Chassis.Configuration;

namespace Atrium.Identity.Application;

/// <summary>
/// Failed client authentications per caller address in a fixed window from the first failure: past
/// <see cref="IdentityOptions.ClientAuthMaxFailures"/>, the address is refused until its window ends. Secrets are 256
/// random bits, so this bounds the noise rather than a guess; per address rather than per client id, so that
/// nobody can lock a service out by failing in its name from elsewhere. At most <see cref="MaxAddresses"/> addresses
/// are tracked: past that, the windows that ended are dropped, then all.
/// </summary>
internal sealed class ClientAuthFailures(LiveOptions<IdentityOptions> live, TimeProvider time)
{
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> is still refused, or <see langword="null"/> when it may try.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        var now = time.GetUtcNow();
        var options = live.Current;
        lock (_windows)
        {
            return _windows.TryGetValue(address, out var window) && window.Count >= options.ClientAuthMaxFailures && now < window.Start + options.ClientAuthFailureWindow
                ? window.Start + options.ClientAuthFailureWindow - now
                : null;
        }
    }

    /// <summary>Counts a failure of <paramref name="address"/>.</summary>
    public void Record(string address)
    {
        var now = time.GetUtcNow();
        var options = live.Current;
        lock (_windows)
        {
            if (_windows.Count >= MaxAddresses)
            {
                foreach (var ended in _windows.Where(w => now >= w.Value.Start + options.ClientAuthFailureWindow).Select(w => w.Key).ToList())
                {
                    _windows.Remove(ended);
                }

                if (_windows.Count >= MaxAddresses)
                {
                    _windows.Clear();
                }
            }

            _windows[address] = _windows.TryGetValue(address, out var window) && now < window.Start + options.ClientAuthFailureWindow
                ? (window.Start, window.Count + 1)
                : (now, 1);
        }
    }
}
