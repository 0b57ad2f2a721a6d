using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Atrium.Chassis.Errors;
using Atrium.Rpc.Framing;
using Atrium.Rpc.Metadata;
using Atrium.Rpc.Telemetry;
using Google.Protobuf;

namespace Atrium.Rpc.Client;

/// <summary>
/// One outbound call of any shape: sends the request (a single framed message, or a stream that stays open while
/// responses are read), reads response messages, then the status from the trailers. The interceptor pipeline runs
/// around the whole call; its terminal step completes when the status is known.
/// </summary>
internal sealed class ClientCall<TResponse> : IClientCall, IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new(RpcHeaders.ContentType);

    private readonly RpcChannel _channel;
    private readonly IRpcMethod _method;
    private readonly MessageParser<TResponse> _parser;
    private readonly IMessage? _request;
    private readonly RpcClientContext _context;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly TaskCompletionSource<HttpResponseMessage> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _abortRegistration;
    private HttpResponseMessage? _response;
    private MessageReader? _reader;
    private RpcStatus? _status;
    private RpcMetadata? _trailers;
    private Task<ExceptionDispatchInfo?>? _pipeline;

    public ClientCall(RpcChannel channel, IRpcMethod method, MessageParser<TResponse> parser, IMessage? request, RpcCallOptions? options)
    {
        _channel = channel;
        _method = method;
        _parser = parser;
        _request = request;
        var userToken = options?.CancellationToken ?? default;
        _cts = userToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(userToken) : new CancellationTokenSource();
        var deadline = options?.Deadline;
        if (deadline is { } at)
        {
            var remaining = at - channel.TimeProvider.GetUtcNow();
            _deadlineCts = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, channel.TimeProvider);
            _deadlineCts.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
        }

        var headers = new RpcMetadata();
        if (options?.Headers is { } extra)
        {
            foreach (var entry in extra)
            {
                headers.AddTrusted(entry);
            }
        }

        _context = new RpcClientContext(this, method, headers, deadline, userToken);
        RequestStream = method.Type is RpcMethodType.ClientStreaming or RpcMethodType.DuplexStreaming
            ? new StreamingRequestContent()
            : null;
    }

    public StreamingRequestContent? RequestStream { get; }

    public CancellationToken CallToken => _cts.Token;

    public int MaxSendMessageSize => _channel.Options.MaxSendMessageSize;

    public bool CompressRequests => _channel.Options.CompressRequests;

    /// <summary>Starts the pipeline; returns at once.</summary>
    public void Start() => _pipeline = RunPipelineAsync();

    public async Task<RpcMetadata> GetResponseHeadersAsync()
    {
        var response = await _headers.Task.ConfigureAwait(false);
        return MetadataCodec.FromHeaders(response.Headers);
    }

    public RpcStatus GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended yet.");

    public RpcMetadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended yet.");

    /// <summary>The next response message, or <see langword="null"/> at the end (the status is then known).</summary>
    public async ValueTask<TResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _headers.Task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            await ThrowFromPipelineAsync().ConfigureAwait(false);
            throw;
        }

        if (_status is not null)
        {
            await ThrowFromPipelineAsync().ConfigureAwait(false);
            return null;
        }

        try
        {
            if (_reader is null)
            {
                var stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
                var encoding = response.Headers.TryGetValues(RpcHeaders.Encoding, out var values) ? values.FirstOrDefault() : null;
                _reader = new MessageReader(PipeReader.Create(stream), _channel.Options.MaxReceiveMessageSize, encoding);
            }

            TResponse? message;
            if (cancellationToken.CanBeCanceled)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
                message = await _reader.ReadAsync(_parser, linked.Token).ConfigureAwait(false);
            }
            else
            {
                message = await _reader.ReadAsync(_parser, _cts.Token).ConfigureAwait(false);
            }

            if (message is not null)
            {
                return message;
            }

            Finish(ReadStatus(response.TrailingHeaders, response), MetadataCodec.FromHeaders(response.TrailingHeaders));
        }
        catch (Exception ex)
        {
            var (status, _) = StatusFor(ex);
            Finish(status, new RpcMetadata());
            Abort();
        }

        await ThrowFromPipelineAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Waits for the pipeline and rethrows its failure (a non-OK status or an interceptor's exception).</summary>
    public async Task ThrowFromPipelineAsync()
    {
        var error = await _pipeline!.ConfigureAwait(false);
        error?.Throw();
    }

    /// <summary>If the call has ended, throws its failure (or, after an OK status, that the call is complete).</summary>
    public async Task ThrowIfEndedAsync()
    {
        if (_status is null)
        {
            return;
        }

        await ThrowFromPipelineAsync().ConfigureAwait(false);
        throw new InvalidOperationException("The call is complete; no more messages can be sent.");
    }

    public Task<Stream> GetRequestStreamAsync() => RequestStream!.GetStreamAsync();

    public void Dispose()
    {
        if (_status is null)
        {
            Finish(new RpcStatus(GrpcStatusCode.Cancelled, "The call was disposed."), new RpcMetadata());
        }

        Abort();
        _cts.Dispose();
        _deadlineCts?.Dispose();
    }

    async Task IClientCall.SendAndWaitAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(RpcHeaders.TE, RpcHeaders.Trailers);
        headers.TryAddWithoutValidation(RpcHeaders.AcceptEncoding, MessageEncodings.AcceptEncoding);
        headers.TryAddWithoutValidation("user-agent", RpcChannel.UserAgent);
        if (_channel.Options.CompressRequests)
        {
            headers.TryAddWithoutValidation(RpcHeaders.Encoding, MessageEncodings.Gzip);
        }

        if (_context.Deadline is { } deadline)
        {
            var remaining = deadline - _channel.TimeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                Finish(new RpcStatus(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded before the call started."), new RpcMetadata());
                _headers.TrySetException(new RpcException(_status!.Value));
                throw new RpcException(_status.Value);
            }

            headers.TryAddWithoutValidation(RpcHeaders.Timeout, GrpcTimeoutHeader.Format(remaining));
        }

        MetadataCodec.AddTo(_context.RequestHeaders, headers);
        HttpContent content = RequestStream is not null
            ? RequestStream
            : new ByteArrayContent(MessageFramer.ToArray(_request!, _channel.Options.CompressRequests, _channel.Options.MaxSendMessageSize));
        content.Headers.ContentType = GrpcContentType;
        request.Content = content;
        _abortRegistration = _cts.Token.UnsafeRegister(static state => ((ClientCall<TResponse>)state!).OnCancelled(), this);

        try
        {
            var response = await _channel.Invoker.SendAsync(request, _cts.Token).ConfigureAwait(false);
            _response = response;
            if (ReadHeadersOnlyStatus(response) is { } immediate)
            {
                Finish(immediate, MetadataCodec.FromHeaders(response.Headers));
            }
        }
        catch (Exception ex)
        {
            var (status, _) = StatusFor(ex);
            Finish(status, new RpcMetadata());
        }

        if (_response is not null)
        {
            _headers.TrySetResult(_response);
        }
        else
        {
            _headers.TrySetException(new RpcException(_status!.Value, _trailers));
        }

        await _completed.Task.ConfigureAwait(false);
        if (_status!.Value.Code != GrpcStatusCode.OK)
        {
            throw new RpcException(_status.Value, _trailers);
        }
    }

    private async Task<ExceptionDispatchInfo?> RunPipelineAsync()
    {
        var started = _channel.TimeProvider.GetTimestamp();
        var activity = RpcTelemetry.StartActivity(_method, ActivityKind.Client);
        ExceptionDispatchInfo? error = null;
        try
        {
            await _channel.Pipeline(_context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ExceptionDispatchInfo.Capture(ex);
            if (_status is null)
            {
                // An interceptor refused the call before it was sent.
                var status = ex is RpcException rpc ? rpc.Status : new RpcStatus(GrpcStatusCode.Unknown, ex.Message);
                Finish(status, ex is RpcException r ? r.Trailers : new RpcMetadata());
                _headers.TrySetException(ex);
            }
        }

        var code = _status?.Code ?? GrpcStatusCode.Unknown;
        RpcTelemetry.Stop(activity, code);
        RpcTelemetry.RecordClient(_method, code, _channel.TimeProvider.GetElapsedTime(started));
        return error;
    }

    private void Finish(RpcStatus status, RpcMetadata trailers)
    {
        lock (_completed)
        {
            if (_status is not null)
            {
                return;
            }

            _trailers = trailers;
            _status = status;
        }

        RequestStream?.Complete();
        _completed.TrySetResult();
    }

    private void OnCancelled()
    {
        var status = _deadlineCts?.IsCancellationRequested == true
            ? new RpcStatus(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.")
            : new RpcStatus(GrpcStatusCode.Cancelled, "The call was cancelled.");
        Finish(status, new RpcMetadata());
        Abort();
    }

    private void Abort()
    {
        _abortRegistration.Dispose();
        // Disposing an unfinished HTTP/2 response resets the stream (RST_STREAM CANCEL), which cancels the server's handler.
        _response?.Dispose();
    }

    private (RpcStatus Status, bool Known) StatusFor(Exception exception)
    {
        if (_status is { } known)
        {
            return (known, true);
        }

        if (_cts.IsCancellationRequested)
        {
            return (_deadlineCts?.IsCancellationRequested == true
                ? new RpcStatus(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new RpcStatus(GrpcStatusCode.Cancelled, "The call was cancelled."), false);
        }

        return exception switch
        {
            RpcException rpc => (rpc.Status, false),
            OperationCanceledException => (new RpcStatus(GrpcStatusCode.Cancelled, "The call was cancelled."), false),
            HttpProtocolException { ErrorCode: 0x8 } => (new RpcStatus(GrpcStatusCode.Cancelled, "The server cancelled the stream."), false),
            HttpProtocolException { ErrorCode: 0x7 } => (new RpcStatus(GrpcStatusCode.Unavailable, "The server refused the stream."), false),
            HttpProtocolException protocol => (new RpcStatus(GrpcStatusCode.Internal, $"HTTP/2 error: {protocol.Message}"), false),
            HttpRequestException http => (new RpcStatus(GrpcStatusCode.Unavailable, http.Message), false),
            IOException io => (new RpcStatus(GrpcStatusCode.Unavailable, io.Message), false),
            _ => (new RpcStatus(GrpcStatusCode.Internal, $"Error reading the response: {exception.Message}"), false),
        };
    }

    private static RpcStatus? ReadHeadersOnlyStatus(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = response.StatusCode switch
            {
                HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
                HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
                HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
                HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
                HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
                _ => GrpcStatusCode.Unknown,
            };
            return HasStatus(response.Headers)
                ? ReadStatus(response.Headers, response)
                : new RpcStatus(code, $"Bad gRPC response: HTTP status {(int)response.StatusCode}.");
        }

        if (HasStatus(response.Headers))
        {
            return ReadStatus(response.Headers, response);
        }

        var contentType = response.Content.Headers.TryGetValues("content-type", out var types) ? types.FirstOrDefault() : null;
        return RpcHeaders.IsGrpcContentType(contentType)
            ? null
            : new RpcStatus(GrpcStatusCode.Internal, $"Bad gRPC response: content type '{contentType}'.");
    }

    private static bool HasStatus(HttpHeaders headers) => headers.NonValidated.Contains(RpcHeaders.Status);

    private static RpcStatus ReadStatus(HttpHeaders headers, HttpResponseMessage response)
    {
        var values = headers.NonValidated;
        if (!values.TryGetValues(RpcHeaders.Status, out var statusValues)
            || !int.TryParse(statusValues.FirstOrDefault(), out var code))
        {
            return response.StatusCode == HttpStatusCode.OK
                ? new RpcStatus(GrpcStatusCode.Internal, "The response had no grpc-status.")
                : new RpcStatus(GrpcStatusCode.Unknown, $"Bad gRPC response: HTTP status {(int)response.StatusCode}.");
        }

        var message = values.TryGetValues(RpcHeaders.Message, out var messageValues) ? PercentEncoding.Decode(messageValues.FirstOrDefault() ?? "") : "";
        return new RpcStatus((GrpcStatusCode)code, message);
    }
}
