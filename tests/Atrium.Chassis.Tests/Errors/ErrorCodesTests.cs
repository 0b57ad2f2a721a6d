using System.Text.RegularExpressions;
using Atrium.Chassis.Errors;

namespace Atrium.Chassis.Tests.Errors;

public class ErrorCodesTests
{
    [Fact]
    public void All_Names_AreUniqueUpperSnake()
    {
        ErrorCodes.All.Select(c => c.Name).ShouldBeUnique();
        ErrorCodes.All.ShouldAllBe(c => Regex.IsMatch(c.Name, "^[A-Z][A-Z0-9_]*$"));
    }

    [Theory]
    [InlineData("VALIDATION_FAILED", 400, GrpcStatusCode.InvalidArgument)]
    [InlineData("AUTH_FAILED", 401, GrpcStatusCode.Unauthenticated)]
    [InlineData("FORBIDDEN", 403, GrpcStatusCode.PermissionDenied)]
    [InlineData("NOT_FOUND", 404, GrpcStatusCode.NotFound)]
    [InlineData("CONFLICT", 409, GrpcStatusCode.Aborted)]
    [InlineData("RATE_LIMITED", 429, GrpcStatusCode.ResourceExhausted)]
    [InlineData("INTERNAL", 500, GrpcStatusCode.Internal)]
    [InlineData("UPSTREAM_UNAVAILABLE", 503, GrpcStatusCode.Unavailable)]
    [InlineData("CIRCUIT_OPEN", 503, GrpcStatusCode.Unavailable)]
    [InlineData("UPSTREAM_TIMEOUT", 504, GrpcStatusCode.DeadlineExceeded)]
    public void TryGet_KnownCode_HasItsHttpAndGrpcStatus(string name, int http, GrpcStatusCode grpc)
    {
        ErrorCodes.TryGet(name, out var code).ShouldBeTrue();

        code!.HttpStatus.ShouldBe(http);
        code.GrpcStatus.ShouldBe(grpc);
    }

    [Theory]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(405, "METHOD_NOT_ALLOWED")]
    [InlineData(413, "PAYLOAD_TOO_LARGE")]
    [InlineData(431, "HEADERS_TOO_LARGE")]
    [InlineData(418, "BAD_REQUEST")]
    [InlineData(599, "INTERNAL")]
    public void ForHttpStatus_Status_MapsToCode(int status, string expected)
    {
        ErrorCodes.ForHttpStatus(status).Name.ShouldBe(expected);
    }

    [Fact]
    public void ForHttpStatus_EveryCodesOwnStatus_IsAnErrorStatus()
    {
        ErrorCodes.All.ShouldAllBe(c => c.HttpStatus >= 400 && c.GrpcStatus != GrpcStatusCode.OK);
    }
}
