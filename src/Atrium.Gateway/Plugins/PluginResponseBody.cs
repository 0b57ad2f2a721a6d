using System.Buffers;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// Stands in for the response body while plugins see the response: the response-headers callbacks run before the
/// first byte goes out, so that a plugin can still change them, answer itself or fail the request. Then it either
/// passes writes through, drops them (the response was replaced), or buffers them whole for the body callbacks.
/// </summary>
internal sealed class PluginResponseBody(Stream inner, bool buffer, long limit, Func<bool> onHeaders) : Stream
{
    private readonly ArrayBufferWriter<byte>? _buffered = buffer ? new ArrayBufferWriter<byte>() : null;
    private bool _headersRan;
    private bool _passThrough;

    /// <summary>Whether the response-headers callbacks ran (they run at the first write).</summary>
    public bool HeadersRan => _headersRan;

    /// <summary>Whether the buffered body outgrew its limit.</summary>
    public bool TooLarge { get; private set; }

    public ReadOnlyMemory<byte> Buffered => _buffered?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Runs the response-headers callbacks now if no write did; whether the response goes on.</summary>
    public bool EnsureHeaders()
    {
        if (!_headersRan)
        {
            _headersRan = true;
            _passThrough = onHeaders() && _buffered is null;
        }

        return _passThrough || _buffered is not null;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (!EnsureHeaders())
        {
            return;
        }

        if (_passThrough)
        {
            await inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_buffered!.WrittenCount + source.Length > limit)
        {
            TooLarge = true;
            return;
        }

        _buffered.Write(source.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _passThrough ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
