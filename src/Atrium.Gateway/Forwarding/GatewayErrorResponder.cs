using System.Globalization;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Answers errors the gateway itself raises in the caller's own protocol: gRPC callers get a trailers-only response
/// with <c>grpc-status</c> and <c>grpc-message</c> (never HTML or JSON); everyone else the chassis problem envelope.
/// When the response has already started, gRPC gets the status in trailers and others a reset.
/// </summary>
internal static class GatewayErrorResponder
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static async ValueTask WriteAsync(HttpContext context, ErrorCode code, bool grpc, string? detail = null)
    {
        context.Features.Set<IErrorCodeFeature>(new ErrorCodeFeature(code));
        if (code == ErrorCodes.Cancelled)
        {
            // The client is gone; nobody reads an answer.
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = code.HttpStatus;
            }

            return;
        }

        var message = detail ?? code.Title;
        if (grpc)
        {
            var response = context.Response;
            var status = ((int)code.GrpcStatus).ToString(CultureInfo.InvariantCulture);
            if (!response.HasStarted)
            {
                response.Clear();
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = status;
                response.Headers["grpc-message"] = Uri.EscapeDataString(message);
                response.Headers[ProblemResponse.ErrorCodeHeader] = code.Name;
            }
            else if (response.SupportsTrailers())
            {
                response.AppendTrailer("grpc-status", status);
                response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
            }
            else
            {
                context.Abort();
            }

            return;
        }

        if (!await ProblemResponse.TryWriteAsync(context, code, detail).ConfigureAwait(false))
        {
            // Part of the upstream body went out: a reset is the only honest signal left.
            context.Abort();
        }
    }
}
