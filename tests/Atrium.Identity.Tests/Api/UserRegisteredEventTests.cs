using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Api;

public sealed class UserRegisteredEventTests
{
    [Fact]
    public async Task Register_NewUser_PublishesUserRegisteredOnce()
    {
        await using var host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        var received = Channel.CreateUnbounded<EventEnvelope>();
        await using var subscription = await host.Context.GetEventTransport().SubscribeAsync(
            EventTypes.UserRegistered, "identity-tests", (envelope, _) => received.Writer.WriteAsync(envelope, CancellationToken.None), CancellationToken.None);
        using var client = host.Client();
        var email = $"evt-{Guid.NewGuid():N}@example.com";

        using var response = await client.PostAsJsonAsync("/api/identity/users", new { email, password = "correct horse battery" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var envelope = await received.Reader.ReadAsync(timeout.Token);
        var registered = (UserRegistered)EventTypes.Deserialize(envelope.Type, envelope.Payload.Span);
        registered.UserId.ShouldBe(userId);
        registered.Email.ShouldBe(email);

        using var conflict = await client.PostAsJsonAsync("/api/identity/users", new { email, password = "correct horse battery" });
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // An event of the refused registration would come before the next registration's, on the same queue.
        var next = $"evt-{Guid.NewGuid():N}@example.com";
        using var accepted = await client.PostAsJsonAsync("/api/identity/users", new { email = next, password = "correct horse battery" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        var following = await received.Reader.ReadAsync(timeout.Token);
        ((UserRegistered)EventTypes.Deserialize(following.Type, following.Payload.Span)).Email.ShouldBe(next);
    }
}
