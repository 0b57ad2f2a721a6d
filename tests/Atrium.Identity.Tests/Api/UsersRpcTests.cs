using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Chassis.Errors;
using Atrium.Contracts.Identity.V1;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Atrium.Identity.Tests.Api;

/// <summary><c>atrium.identity.v1.Users/GetUser</c> over a real h2c listener with the generated grpc-dotnet client.</summary>
public sealed class UsersRpcTests : IAsyncLifetime
{
    private ModuleTestHost _host = null!;
    private ServiceTokenSource _tokens = null!;
    private GrpcChannel _channel = null!;
    private Users.UsersClient _users = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, rpc: true);
        _tokens = TestServiceTokens.Source(_host);
        _channel = TestServiceTokens.Channel(_host, _tokens, ServiceScopes.Identity);
        _users = new Users.UsersClient(_channel.CreateInvoker());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        _tokens.Dispose();
        await _host.DisposeAsync();
    }

    private Task<User> GetUserAsync(string id) => _users.GetUserAsync(new GetUserRequest { Id = id }).ResponseAsync;

    private static async Task<RpcException> FailsAsync(Func<Task> call, ErrorCode code)
    {
        var error = await Should.ThrowAsync<RpcException>(call);
        error.StatusCode.ShouldBe(code.GrpcStatus.ToStatusCode());
        error.GetErrorCode().ShouldBe(code.Name);
        return error;
    }

    [Fact]
    public async Task GetUser_RegisteredUser_ReturnsIdEmailAndRoles()
    {
        using var client = _host.Client();
        var email = $"rpc-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/api/identity/users", new { email, password = "correct horse battery" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var user = await GetUserAsync(id.ToString());

        user.Id.ShouldBe(id.ToString());
        user.Email.ShouldBe(email);
        user.Roles.ShouldBe(["customer"]);
        (await GetUserAsync(id.ToString("B").ToUpperInvariant())).Email.ShouldBe(email);
    }

    [Fact]
    public async Task GetUser_UnknownId_IsNotFound()
    {
        var error = await FailsAsync(() => GetUserAsync(Guid.NewGuid().ToString()), ErrorCodes.NotFound);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task GetUser_NoServiceToken_UnauthenticatedWithoutTheEmail()
    {
        var id = await RegisterAsync();
        using var bare = GrpcChannels.Create(_host.RpcAddress);

        var error = await FailsAsync(
            () => new Users.UsersClient(bare.CreateInvoker()).GetUserAsync(new GetUserRequest { Id = id.ToString() }).ResponseAsync, ErrorCodes.AuthFailed);

        error.Status.Detail.ShouldNotContain("@");
    }

    [Fact]
    public async Task GetUser_ServiceTokenForTheCatalog_Unauthenticated()
    {
        var id = await RegisterAsync();
        var catalogs = await TestServiceTokens.RequestAsync(_host, ServiceScopes.Catalog);
        using var bare = GrpcChannels.Create(_host.RpcAddress);

        var error = await FailsAsync(
            () => new Users.UsersClient(bare.CreateInvoker()).GetUserAsync(new GetUserRequest { Id = id.ToString() }, TestServiceTokens.Bearer(catalogs)).ResponseAsync,
            ErrorCodes.AuthFailed);

        error.Status.Detail.ShouldContain("wrong audience");
    }

    private async Task<Guid> RegisterAsync()
    {
        using var client = _host.Client();
        using var registered = await client.PostAsJsonAsync("/api/identity/users", new { email = $"rpc-{Guid.NewGuid():N}@example.com", password = "correct horse battery" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("", "Invalid request: id is required.")]
    [InlineData("not-a-guid", "Invalid request: id is not a user id.")]
    public async Task GetUser_MalformedId_IsInvalidArgument(string id, string detail)
    {
        var error = await FailsAsync(() => GetUserAsync(id), ErrorCodes.ValidationFailed);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldBe(detail);
    }
}
