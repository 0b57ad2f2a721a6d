using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Errors;

/// <summary>
/// The one place where failures become problem responses: <see cref="AtriumException"/>s keep their code, framework
/// rejections (<see cref="BadHttpRequestException"/>) map by status, a database that cannot be reached is
/// <c>NOT_READY</c> (503, as <c>/readyz</c> says meanwhile: the client may retry), anything else is <c>INTERNAL</c> with
/// the details only in the log. Bodiless error statuses set by routing (404, 405) get the envelope too.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nobody is there to read an answer. 499 labels it in access logs and metrics.
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ErrorCodes.Cancelled.HttpStatus;
                context.Features.Set<IErrorCodeFeature>(new ErrorCodeFeature(ErrorCodes.Cancelled));
            }

            return;
        }
        catch (ValidationFailedException ex)
        {
            await WriteOrAbortAsync(context, ex.Code, ex.Message, ex.Errors).ConfigureAwait(false);
            return;
        }
        catch (AtriumException ex)
        {
            if (ex.Code.HttpStatus >= 500)
            {
                LogServerError(logger, ex.Code.Name, context.Request.Method, context.Request.Path, ex);
            }

            await WriteOrAbortAsync(context, ex.Code, ex.Message, null).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            var code = ErrorCodes.ForHttpStatus(ex.StatusCode);
            LogBadRequest(logger, code.Name, context.Request.Method, context.Request.Path, ex.Message);
            await WriteOrAbortAsync(context, code, ex.Message, null).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (DatabaseOutage.Caused(ex))
        {
            LogServerError(logger, ErrorCodes.NotReady.Name, context.Request.Method, context.Request.Path, ex);
            await WriteOrAbortAsync(context, ErrorCodes.NotReady, "The service's database is unavailable; retry later.", null).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, ex);
            await WriteOrAbortAsync(context, ErrorCodes.Internal, null, null).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && response.ContentType is null)
        {
            await ProblemResponse.TryWriteAsync(context, ErrorCodes.ForHttpStatus(response.StatusCode)).ConfigureAwait(false);
        }
    }

    private static async Task WriteOrAbortAsync(HttpContext context, ErrorCode code, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        if (!await ProblemResponse.TryWriteAsync(context, code, detail, errors).ConfigureAwait(false))
        {
            // Part of a body already went out; a truncated stream is the only honest signal left.
            context.Abort();
        }
    }

    [LoggerMessage(EventId = ErrorEventIds.Unhandled, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = ErrorEventIds.ServerError, Level = LogLevel.Error, Message = "Request failed with {ErrorCode} on {Method} {Path}")]
    private static partial void LogServerError(ILogger logger, string errorCode, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = ErrorEventIds.BadRequest, Level = LogLevel.Information, Message = "Rejected bad request with {ErrorCode} on {Method} {Path}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string errorCode, string method, PathString path, string reason);
}
