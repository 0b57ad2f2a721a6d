namespace Atrium.Chassis.Errors;

/// <summary>
/// A stable, machine-readable error code. The <see cref="Name"/> is part of the public contract: it appears in the
/// <c>code</c> member of problem responses, in the <c>X-Error-Code</c> header and as a metric label, so it never changes
/// once shipped.
/// </summary>
/// <param name="Name">The UPPER_SNAKE name, e.g. <c>VALIDATION_FAILED</c>.</param>
/// <param name="HttpStatus">The HTTP status an HTTP caller receives.</param>
/// <param name="GrpcStatus">The gRPC status code a gRPC caller receives.</param>
/// <param name="Title">A short, human-readable summary that does not vary between occurrences.</param>
public sealed record ErrorCode(string Name, int HttpStatus, GrpcStatusCode GrpcStatus, string Title)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
