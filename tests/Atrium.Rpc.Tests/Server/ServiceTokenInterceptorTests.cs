using Atrium.Chassis.Errors;
using Atrium.Chassis.Security;
using Atrium.Identity;
using Atrium.Rpc.Tests.Interop;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Server;

/// <summary>
/// <c>AddAtriumGrpc</c> with method scopes on a test service, verifying tokens from a real identity module against its
/// JWKS as a catalog would: <c>UnaryCall</c> needs <c>catalog.products.read</c>, no other method is mapped.
/// </summary>
public sealed class ServiceTokenInterceptorTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Scopes = new() { ["grpc.testing.TestService/UnaryCall"] = ServiceScopes.CatalogProductsRead };

    private ModuleTestHost _identity = null!;
    private GrpcTestServer _server = null!;
    private Grpc.Net.Client.GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        var auth = new AccessTokenOptions { JwksUrl = $"{_identity.Address}.well-known/jwks.json" };
        _server = await GrpcTestServer.StartAsync<InteropTestService>(
            methodScopes: Scopes, configure: services => services.AddServiceTokenValidation(auth, ServiceScopes.Catalog));
        _channel = _server.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private TestService.TestServiceClient Client => new(_channel);

    [Fact]
    public async Task UnaryCall_TokenWithTheMappedScope_Answers()
    {
        var token = await TestServiceTokens.RequestAsync(_identity, ServiceScopes.Catalog);

        var reply = await Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 3 }, TestServiceTokens.Bearer(token)).ResponseAsync;

        reply.Payload.Body.Length.ShouldBe(3);
    }

    [Fact]
    public async Task EmptyCall_NoScopeMappedToTheMethod_PermissionDeniedWhateverTheToken()
    {
        var token = await TestServiceTokens.RequestAsync(_identity, ServiceScopes.Catalog);

        var error = await Should.ThrowAsync<RpcException>(() => Client.EmptyCallAsync(new Empty(), TestServiceTokens.Bearer(token)).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        error.GetErrorCode().ShouldBe(ErrorCodes.Forbidden.Name);
        error.Status.Detail.ShouldBe("No scope grants this method.");
        _server.Logs.Entries.ShouldContain(e => e.Message == "gRPC call /grpc.testing.TestService/EmptyCall by client ordering refused PERMISSION_DENIED: needs scope (none)");
    }

    [Fact]
    public async Task UnaryCall_TwoAuthorizationHeaders_Unauthenticated()
    {
        var token = await TestServiceTokens.RequestAsync(_identity, ServiceScopes.Catalog);
        var headers = new Metadata { { "authorization", "Bearer " + token }, { "authorization", "Bearer " + token } };

        var error = await Should.ThrowAsync<RpcException>(() => Client.UnaryCallAsync(new SimpleRequest(), headers).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        error.GetErrorCode().ShouldBe(ErrorCodes.AuthFailed.Name);
    }

    [Fact]
    public async Task UnaryCall_BasicCredentials_Unauthenticated()
    {
        var error = await Should.ThrowAsync<RpcException>(
            () => Client.UnaryCallAsync(new SimpleRequest(), new Metadata { { "authorization", "Basic b3JkZXJpbmc6eA==" } }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task HealthAndReflection_NoToken_Answer()
    {
        (await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest())).Status.ShouldBe(HealthCheckResponse.Types.ServingStatus.Serving);

        using var call = new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ShouldContain("grpc.testing.TestService");
    }

    [Fact]
    public async Task StartAsync_MethodScopesWithoutAVerifier_RefusesToStart()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => GrpcTestServer.StartAsync<InteropTestService>(methodScopes: Scopes));

        error.Message.ShouldContain("register an IServiceTokenVerifier");
    }
}
