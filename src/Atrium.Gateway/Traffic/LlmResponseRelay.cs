using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// The response body of one attempt of an <c>llm</c> route, in place of the client's: it passes the answer through
/// as it comes, flushing each write (each Server-Sent Event the upstream sent), and meanwhile reads the <c>usage</c>
/// out of it. Before the first byte reaches the client it can still refuse the attempt: a 429 or 5xx answer is held
/// back (when a fallback is left), and the first write disarms the first-token timer.
/// </summary>
internal sealed class LlmResponseRelay(HttpResponse response, Stream client, CancellationTokenSource firstToken, bool canFallBack) : Stream
{
    /// <summary>A non-streamed answer is read for its usage up to this size; a streamed one line by line, each up to it.</summary>
    private const int MaxScanned = 1024 * 1024;

    private MemoryStream? _scan;
    private bool _sse;
    private bool _decided;

    /// <summary>The answer was a 429 or 5xx kept from the client, so another cluster may answer instead.</summary>
    public bool Held { get; private set; }

    /// <summary>The first-token timer fired before any byte was sent.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The last <c>usage</c> seen: the non-streamed body's, or a streamed answer's final chunk's.</summary>
    public long? Usage { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Whether a status of an answer not yet sent calls for the fallback.</summary>
    public static bool IsFallbackStatus(int status) => status is StatusCodes.Status429TooManyRequests or >= 500;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_decided && !Decide())
        {
            return;
        }

        if (Held || TimedOut)
        {
            return;
        }

        Scan(buffer.Span);
        await client.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (_sse)
        {
            await client.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _decided && !Held && !TimedOut ? client.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads the usage of a non-streamed answer once it is complete.</summary>
    public void Complete()
    {
        if (_scan is { } scan && !_sse)
        {
            Usage = LlmJson.ReadUsage(scan.GetBuffer().AsSpan(0, (int)scan.Length)) ?? Usage;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>At the first write: whether the answer goes to the client (the timer is then disarmed).</summary>
    private bool Decide()
    {
        _decided = true;
        firstToken.CancelAfter(Timeout.InfiniteTimeSpan);
        if (firstToken.IsCancellationRequested)
        {
            TimedOut = true;
            return false;
        }

        if (canFallBack && IsFallbackStatus(response.StatusCode))
        {
            Held = true;
            return false;
        }

        _sse = response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        return true;
    }

    private void Scan(ReadOnlySpan<byte> data)
    {
        _scan ??= new MemoryStream();
        if (!_sse)
        {
            if (_scan.Length + data.Length <= MaxScanned)
            {
                _scan.Write(data);
            }

            return;
        }

        // Server-Sent Events: each complete "data:" line that carries a usage replaces the last one seen.
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var part = newline < 0 ? data : data[..newline];
            if (_scan.Length + part.Length <= MaxScanned)
            {
                _scan.Write(part);
            }

            if (newline < 0)
            {
                return;
            }

            EndLine();
            data = data[(newline + 1)..];
        }
    }

    private void EndLine()
    {
        var line = _scan!.GetBuffer().AsSpan(0, (int)_scan.Length).TrimEnd((byte)'\r');
        if (line.StartsWith("data:"u8) && line.IndexOf("\"usage\""u8) >= 0 && LlmJson.ReadUsage(line[5..].TrimStart((byte)' ')) is { } usage)
        {
            Usage = usage;
        }

        _scan.SetLength(0);
    }
}
