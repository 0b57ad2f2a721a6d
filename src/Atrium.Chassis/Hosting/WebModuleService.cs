using Atrium.Chassis.Modularity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Hosting;

/// <summary>A module served by its own <see cref="WebApplication"/>: started and stopped as one unit.</summary>
internal sealed partial class WebModuleService(string module, WebApplication app) : IModuleService, IAsyncDisposable
{
    private readonly ILogger _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Atrium.Hosting");

    /// <summary>The addresses Kestrel bound, known once started (ports resolved when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public WebApplication Application => app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        LogListening(_logger, module, string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Kestrel unbinds first (new connections are refused), then waits for in-flight requests until the token fires.
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [LoggerMessage(EventId = HostingEventIds.Listening, Level = LogLevel.Information, Message = "Module {Module} listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string module, string addresses);
}
