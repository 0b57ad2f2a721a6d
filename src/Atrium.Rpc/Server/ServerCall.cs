using System.Globalization;
using Atrium.Chassis.Errors;
using Atrium.Rpc.Framing;
using Atrium.Rpc.Metadata;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Atrium.Rpc.Server;

/// <summary>
/// The protocol state of one inbound call: writes messages and the final status exactly once, as trailers or, when
/// nothing was sent yet, as a trailers-only response.
/// </summary>
internal sealed class ServerCall
{
    private readonly RpcServerRuntime _runtime;
    private readonly bool _compress;
    private readonly string? _encoding;
    private readonly SemaphoreSlim? _gate;
    private MessageReader? _reader;
    private bool _completed;
    private bool _wroteMessage;
    private bool _headersSent;

    public ServerCall(HttpContext httpContext, RpcServerRuntime runtime, string? encoding, bool compress, bool hasDeadline)
    {
        HttpContext = httpContext;
        _runtime = runtime;
        _encoding = encoding;
        _compress = compress;

        // With a deadline the status may be written from the deadline path while the handler still writes.
        _gate = hasDeadline ? new SemaphoreSlim(1, 1) : null;
    }

    public HttpContext HttpContext { get; }

    public MessageReader Reader => _reader ??= new MessageReader(HttpContext.Request.BodyReader, _runtime.Options.MaxReceiveMessageSize, _encoding);

    public async Task WriteMessageAsync(IMessage message, bool flush, CancellationToken cancellationToken)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            ThrowIfCompleted();
            var writer = HttpContext.Response.BodyWriter;
            MessageFramer.Write(writer, message, _compress, _runtime.Options.MaxSendMessageSize);
            _wroteMessage = true;
            if (flush)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate?.Release();
        }
    }

    public async Task WriteResponseHeadersAsync(RpcMetadata headers)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            ThrowIfCompleted();
            if (_headersSent || _wroteMessage || HttpContext.Response.HasStarted)
            {
                throw new InvalidOperationException("Response headers were already sent.");
            }

            MetadataCodec.AddTo(headers, HttpContext.Response.Headers);
            _headersSent = true;
            await HttpContext.Response.StartAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate?.Release();
        }
    }

    /// <summary>Writes the status; later calls do nothing. With <paramref name="flushNow"/> the response ends at once.</summary>
    public async Task CompleteAsync(RpcStatus status, RpcMetadata? trailers, bool flushNow)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            var response = HttpContext.Response;
            var code = ((int)status.Code).ToString(CultureInfo.InvariantCulture);
            if (!_wroteMessage && !response.HasStarted)
            {
                // Trailers-only: the status travels in the only HEADERS frame, which ends the stream.
                var headers = response.Headers;
                headers[RpcHeaders.Status] = code;
                if (status.Detail.Length > 0)
                {
                    headers[RpcHeaders.Message] = PercentEncoding.Encode(status.Detail);
                }

                if (trailers is not null)
                {
                    MetadataCodec.AddTo(trailers, headers);
                }
            }
            else
            {
                response.AppendTrailer(RpcHeaders.Status, code);
                if (status.Detail.Length > 0)
                {
                    response.AppendTrailer(RpcHeaders.Message, PercentEncoding.Encode(status.Detail));
                }

                if (trailers is not null)
                {
                    foreach (var entry in trailers)
                    {
                        response.AppendTrailer(entry.Key, MetadataCodec.Encode(entry));
                    }
                }
            }

            if (flushNow)
            {
                await response.CompleteAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate?.Release();
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new RpcException(GrpcStatusCode.DeadlineExceeded, "The call has already ended.");
        }
    }
}
