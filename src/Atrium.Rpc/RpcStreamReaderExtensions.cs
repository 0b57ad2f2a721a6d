using System.Runtime.CompilerServices;

namespace Atrium.Rpc;

/// <summary>Reading a message stream with <c>await foreach</c>.</summary>
public static class RpcStreamReaderExtensions
{
    /// <summary>Every remaining message of <paramref name="reader"/>.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IRpcStreamReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
