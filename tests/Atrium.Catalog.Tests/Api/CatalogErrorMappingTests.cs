using Atrium.Catalog.Api;
using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Tests.Api;

public sealed class CatalogErrorMappingTests
{
    [Theory]
    [InlineData(CatalogErrors.ProductNotFound, "NOT_FOUND", GrpcStatusCode.NotFound)]
    [InlineData(CatalogErrors.ReservationNotFound, "NOT_FOUND", GrpcStatusCode.NotFound)]
    [InlineData(CatalogErrors.InsufficientStock, "BUSINESS_RULE_VIOLATED", GrpcStatusCode.FailedPrecondition)]
    [InlineData(CatalogErrors.ReservationNotHeld, "BUSINESS_RULE_VIOLATED", GrpcStatusCode.FailedPrecondition)]
    [InlineData(CatalogErrors.TryAfterCancel, "CONFLICT", GrpcStatusCode.Aborted)]
    [InlineData(CatalogErrors.SkuTaken, "CONFLICT", GrpcStatusCode.Aborted)]
    [InlineData(CatalogErrors.InvalidStock, "VALIDATION_FAILED", GrpcStatusCode.InvalidArgument)]
    [InlineData(CatalogErrors.InvalidPrice, "VALIDATION_FAILED", GrpcStatusCode.InvalidArgument)]
    [InlineData(CatalogErrors.InvalidReservation, "VALIDATION_FAILED", GrpcStatusCode.InvalidArgument)]
    public void ToAtrium_EachRule_MapsToItsCode(Enum errorValue, string code, GrpcStatusCode grpc)
    {
        var error = (CatalogErrors)errorValue;
        var mapped = CatalogErrorMapping.ToAtrium(new CatalogDomainException(error, "why"));

        mapped.Code.Name.ShouldBe(code);
        mapped.Code.GrpcStatus.ShouldBe(grpc);
        mapped.Message.ShouldBe("why");
    }
}
