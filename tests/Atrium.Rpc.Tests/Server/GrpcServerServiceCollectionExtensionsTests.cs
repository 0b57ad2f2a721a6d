using System.Buffers.Binary;
using System.Net;
using Atrium.Rpc.Server;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Grpc.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Rpc.Tests.Server;

public sealed class GrpcServerServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(GrpcReflectionMode.Auto, new[] { "http://127.0.0.1:8102", "h2c://127.0.0.1:9102" }, true)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "h2c://localhost:9102" }, true)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "h2c://[::1]:9102" }, true)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "http://0.0.0.0:8102", "h2c://127.0.0.1:9102" }, true)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "h2c://127.0.0.1:9102", "h2c://*:9202" }, false)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "https://10.0.0.5:9102" }, false)]
    [InlineData(GrpcReflectionMode.Auto, new[] { "http://127.0.0.1:8102" }, false)]
    [InlineData(GrpcReflectionMode.On, new[] { "h2c://0.0.0.0:9102" }, true)]
    [InlineData(GrpcReflectionMode.Off, new[] { "h2c://127.0.0.1:9102" }, false)]
    public void DecideReflection_ModeAndListeners_DecidesWhetherToServeIt(GrpcReflectionMode mode, string[] listen, bool expected) =>
        GrpcServerServiceCollectionExtensions.DecideReflection(mode, listen).Reflection.ShouldBe(expected);

    [Fact]
    public async Task Reflection_OnByDefaultOnLoopback_ListsTheModulesServices()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = host.CreateChannel();

        var services = await ListServicesAsync(channel);

        services.ShouldContain("grpc.testing.TestService");
        services.ShouldContain("grpc.health.v1.Health");
    }

    [Fact]
    public async Task Reflection_Off_AnswersUnimplemented()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>(new GrpcOptions { Reflection = GrpcReflectionMode.Off });
        using var channel = host.CreateChannel();

        // No request message is written: the answer for an unmapped method does not wait for one, and a write racing
        // that answer fails with CANCELLED (the call is over) instead of the status the test is about.
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        var error = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        error.StatusCode.ShouldBe(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task HealthCheck_ServerAndMappedServiceWhileReady_AnswerServing()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = host.CreateChannel();
        var health = new Health.HealthClient(channel);

        (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status.ShouldBe(ServingStatus.Serving);
        (await health.CheckAsync(new HealthCheckRequest { Service = "grpc.testing.TestService" })).Status.ShouldBe(ServingStatus.Serving);
    }

    [Fact]
    public async Task HealthCheck_ReadinessFails_AnswersNotServingAtOnce()
    {
        var ready = true;
        await using var host = await GrpcTestServer.StartAsync<ProbeService>(readiness: () => ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database"));
        using var channel = host.CreateChannel();
        var health = new Health.HealthClient(channel);
        (await health.CheckAsync(new HealthCheckRequest())).Status.ShouldBe(ServingStatus.Serving);

        ready = false;

        (await health.CheckAsync(new HealthCheckRequest())).Status.ShouldBe(ServingStatus.NotServing);
        (await health.CheckAsync(new HealthCheckRequest { Service = "grpc.testing.TestService" })).Status.ShouldBe(ServingStatus.NotServing);
    }

    [Fact]
    public async Task HealthCheck_UnknownService_AnswersNotFound()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = host.CreateChannel();

        var error = await Should.ThrowAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "atrium.nothing.v1.Nothing" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task UnaryCall_RequestOverMaxReceiveMessageSize_AnswersResourceExhausted()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>(new GrpcOptions { MaxReceiveMessageSize = 1024 });
        using var channel = host.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        (await client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[512]) } })).ShouldNotBeNull();

        var error = await Should.ThrowAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[2048]) } }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task UnaryCall_ResponseOverMaxSendMessageSize_AnswersResourceExhausted()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>(new GrpcOptions { MaxSendMessageSize = 1024 });
        using var channel = host.CreateChannel();

        var error = await Should.ThrowAsync<RpcException>(() => new TestService.TestServiceClient(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 4096 }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
    }

    [Theory]
    [InlineData(true, "gzip", 1)]
    [InlineData(false, null, 0)]
    public async Task UnaryCall_CallerAcceptsGzip_ResponseCompressedOnlyWhenCompressResponsesIsOn(bool compress, string? encoding, byte compressedFlag)
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>(new GrpcOptions { CompressResponses = compress });
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var message = new SimpleRequest { ResponseSize = 100_000 }.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, "/grpc.testing.TestService/UnaryCall"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame) { Headers = { ContentType = new("application/grpc") } },
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        (response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null).ShouldBe(encoding);
        body[0].ShouldBe(compressedFlag);
        if (compress)
        {
            body.Length.ShouldBeLessThan(10_000);
        }
        else
        {
            body.Length.ShouldBeGreaterThan(100_000);
        }

        response.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("0");
    }

    private static async Task<List<string>> ListServicesAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }
}
