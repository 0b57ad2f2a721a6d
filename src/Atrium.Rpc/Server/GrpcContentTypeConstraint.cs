using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Rpc.Server;

/// <summary>Matches only gRPC requests, so that the UNIMPLEMENTED fallback never answers plain HTTP.</summary>
internal sealed class GrpcContentTypeConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        routeDirection == RouteDirection.IncomingRequest && RpcHeaders.IsGrpcContentType(httpContext?.Request.ContentType);
}
