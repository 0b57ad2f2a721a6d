using Atrium.Chassis.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// A process's config center: the etcd client, the namespace, the cache directory and the embedded defaults the
/// document goes over when there is no file. <see cref="LoadAsync"/> builds the startup config; the store then
/// watches through it.
/// </summary>
internal sealed class ConfigCenterSource : IDisposable
{
    private ConfigCenterSource(EtcdConfigClient client, string ns, string dataDirectory, string embeddedText)
    {
        Client = client;
        Namespace = ns;
        DataDirectory = dataDirectory;
        EmbeddedText = embeddedText;
    }

    public EtcdConfigClient Client { get; }

    public string Namespace { get; }

    public string DataDirectory { get; }

    public string EmbeddedText { get; }

    /// <summary>
    /// Loads the config with the namespace's document layered in: from etcd, else (unreachable) from the cache. Returns
    /// <c>null</c> with no source when <paramref name="bootstrap"/> has no <c>config.etcd</c>. A document read from etcd
    /// is cached when <paramref name="writeCache"/> (a process does; <c>config show</c> does not).
    /// </summary>
    /// <exception cref="ConfigCenterException">etcd is unreachable and nothing is cached, or etcd refused the credentials.</exception>
    public static async Task<(ConfigLoadResult Result, ConfigCenterSource? Source, ConfigCenterDocument? Document)> LoadAsync(
        AtriumConfig bootstrap, string embeddedText, ILogger logger, CancellationToken cancellationToken, bool writeCache = true)
    {
        var options = bootstrap.Get<ConfigCenterOptions>(ConfigCenterOptions.Section).Etcd;
        if (!options.Enabled)
        {
            return (new ConfigLoadResult(bootstrap, []), null, null);
        }

        var dataDirectory = bootstrap.Get<AtriumHostOptions>(AtriumHostOptions.Section).DataDirectory;
        var source = new ConfigCenterSource(new EtcdConfigClient(options), options.Namespace, dataDirectory, embeddedText);
        try
        {
            ConfigCenterDocument? document;
            try
            {
                document = await source.Client.GetAsync(options.Namespace, cancellationToken).ConfigureAwait(false);
            }
            catch (ConfigCenterException ex) when (ex.Code == ConfigCenterException.Unreachable)
            {
                document = ConfigCenterCache.TryRead(dataDirectory, options.Namespace) ?? throw new ConfigCenterException(
                    ex.Code,
                    $"{ex.Message}; and no cached document of namespace '{options.Namespace}' at {ConfigCenterCache.PathOf(dataDirectory, options.Namespace)}",
                    ex);
            }

            // A namespace nobody pushed to yet is an empty document: the file and the defaults apply.
            document ??= new ConfigCenterDocument(options.Namespace, 0, string.Empty);
            var result = ConfigLoader.LoadLayered(bootstrap, embeddedText, document);
            if (writeCache && result.Succeeded && !document.FromCache && document.Revision > 0)
            {
                source.Cache(document, logger);
            }

            return (result, source, document);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public void Cache(ConfigCenterDocument document, ILogger logger)
    {
        try
        {
            ConfigCenterCache.Write(DataDirectory, document, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The running config is fine; only a later start with etcd down would miss this revision.
            ConfigLog.CenterCacheFailed(logger, document.Label, ex);
        }
    }

    public void Dispose() => Client.Dispose();
}
