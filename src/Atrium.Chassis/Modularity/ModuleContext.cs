using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Modularity;

/// <summary>
/// What every init function receives: process-wide services (config, telemetry, time, logging) and a place to share
/// singletons between modules of one process, such as the in-process event transport.
/// </summary>
public sealed class ModuleContext
{
    private readonly ConcurrentDictionary<Type, object> _shared = new();

    /// <summary>Creates a context.</summary>
    public ModuleContext(IReadOnlyList<string> targets, ILoggerFactory loggerFactory, TimeProvider timeProvider, TimeSpan shutdownTimeout)
    {
        Targets = targets;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        ShutdownTimeout = shutdownTimeout;
    }

    /// <summary>The modules this process runs, in start order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>Process-wide logging, for code outside any module's own container.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock every module uses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>How long each module may drain in-flight work when it stops (default 10 s, from <c>host.shutdownTimeout</c>).</summary>
    public TimeSpan ShutdownTimeout { get; }

    /// <summary>Makes <paramref name="instance"/> available to every module of this process.</summary>
    /// <exception cref="InvalidOperationException">An instance of <typeparamref name="T"/> is already shared.</exception>
    public void Share<T>(T instance)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!_shared.TryAdd(typeof(T), instance))
        {
            throw new InvalidOperationException($"A {typeof(T).Name} is already shared in this process.");
        }
    }

    /// <summary>Gets a shared instance, creating and sharing it on first use.</summary>
    public T GetOrShare<T>(Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return (T)_shared.GetOrAdd(typeof(T), _ => create());
    }

    /// <summary>Gets a shared instance if one of <typeparamref name="T"/> was shared.</summary>
    public bool TryGet<T>([NotNullWhen(true)] out T? instance)
        where T : class
    {
        instance = _shared.TryGetValue(typeof(T), out var shared) ? (T)shared : null;
        return instance is not null;
    }

    /// <summary>Gets a shared instance.</summary>
    /// <exception cref="InvalidOperationException">Nothing of that type was shared.</exception>
    public T Get<T>()
        where T : class =>
        _shared.TryGetValue(typeof(T), out var instance)
            ? (T)instance
            : throw new InvalidOperationException($"No {typeof(T).Name} is shared in this process; the module that provides it must be a dependency.");
}
