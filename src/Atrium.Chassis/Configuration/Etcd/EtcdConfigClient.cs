using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// Reads, writes, lists and watches a namespace's document over etcd's v3 gRPC API (dotnet-etcd's generated clients on
/// our own channel, so that a watch is one stream we can restart from a revision). Endpoints are tried in order.
/// Failures surface as <see cref="ConfigCenterException"/> with a stable code, never as gRPC exceptions.
/// </summary>
internal sealed class EtcdConfigClient : IDisposable
{
    /// <summary>How long one request may take before the next endpoint is tried.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    // `config history` stops there: older revisions are rarely wanted and each one is a round trip.
    private const int MaxHistory = 100;

    private readonly EtcdOptions _options;
    private readonly GrpcChannel[] _channels;
    private int _preferred;
    private string? _token;

    public EtcdConfigClient(EtcdOptions options)
    {
        _options = options;
        _channels = [.. options.Endpoints.Select(e => GrpcChannel.ForAddress(e, new GrpcChannelOptions { HttpHandler = CreateHandler(options.Tls) }))];
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    /// <summary>The namespace's current document, or <c>null</c> when none was ever written (or it was deleted).</summary>
    public Task<ConfigCenterDocument?> GetAsync(string ns, CancellationToken cancellationToken) =>
        CallAsync(async (channel, headers) =>
        {
            var response = await new KV.KVClient(channel).RangeAsync(
                new RangeRequest { Key = Key(ns) }, headers, Deadline(), cancellationToken).ConfigureAwait(false);
            return response.Kvs.Count == 0 ? null : new ConfigCenterDocument(ns, response.Kvs[0].ModRevision, response.Kvs[0].Value.ToStringUtf8());
        });

    /// <summary>The document revision <paramref name="revision"/> wrote.</summary>
    public Task<ConfigCenterDocument> GetAtAsync(string ns, long revision, CancellationToken cancellationToken) =>
        CallAsync(async (channel, headers) =>
        {
            var response = await new KV.KVClient(channel).RangeAsync(
                new RangeRequest { Key = Key(ns), Revision = revision }, headers, Deadline(), cancellationToken).ConfigureAwait(false);
            return response.Kvs.Count == 1 && response.Kvs[0].ModRevision == revision
                ? new ConfigCenterDocument(ns, revision, response.Kvs[0].Value.ToStringUtf8())
                : throw new ConfigCenterException(
                    ConfigCenterException.RevisionNotFound, $"revision {revision} did not write namespace '{ns}' (see atrium config history)");
        });

    /// <summary>Writes the document; returns the revision that wrote it.</summary>
    public Task<long> PutAsync(string ns, string text, CancellationToken cancellationToken) =>
        CallAsync(async (channel, headers) =>
        {
            var response = await new KV.KVClient(channel).PutAsync(
                new PutRequest { Key = Key(ns), Value = ByteString.CopyFromUtf8(text) }, headers, Deadline(), cancellationToken).ConfigureAwait(false);
            return response.Header.Revision;
        });

    /// <summary>
    /// The namespace's revisions, newest first. etcd keeps no list of a key's versions, so this walks back from the
    /// current one: the value at (mod_revision - 1) is the previous version. The walk stops at the key's creation (a
    /// delete ends it), at compaction, or after 100 entries.
    /// </summary>
    public async Task<IReadOnlyList<ConfigCenterRevision>> HistoryAsync(string ns, CancellationToken cancellationToken)
    {
        var revisions = new List<ConfigCenterRevision>();
        long? at = null;
        while (revisions.Count < MaxHistory)
        {
            var asOf = at;
            RangeResponse response;
            try
            {
                response = await CallAsync((channel, headers) => new KV.KVClient(channel).RangeAsync(
                    new RangeRequest { Key = Key(ns), Revision = asOf ?? 0 }, headers, Deadline(), cancellationToken).ResponseAsync).ConfigureAwait(false);
            }
            catch (ConfigCenterException ex) when (ex.Code == ConfigCenterException.RevisionCompacted && revisions.Count > 0)
            {
                break;
            }

            if (response.Kvs.Count == 0)
            {
                break;
            }

            var kv = response.Kvs[0];
            var bytes = kv.Value.ToByteArray();
            revisions.Add(new ConfigCenterRevision(kv.ModRevision, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12], false));
            if (kv.ModRevision <= kv.CreateRevision)
            {
                break;
            }

            at = kv.ModRevision - 1;
        }

        return revisions;
    }

    /// <summary>
    /// Watches the namespace from <paramref name="fromRevision"/> on one stream until it breaks or
    /// <paramref name="cancellationToken"/> fires, handing each written document to <paramref name="onDocument"/>.
    /// When etcd compacted <paramref name="fromRevision"/> away, hands over the current document instead and returns,
    /// so the caller watches again from after it.
    /// </summary>
    /// <exception cref="ConfigCenterException">The stream broke or could not be opened.</exception>
    public Task WatchAsync(string ns, long fromRevision, Func<ConfigCenterDocument, Task> onDocument, CancellationToken cancellationToken) =>
        CallAsync(async (channel, headers) =>
        {
            using var call = new Watch.WatchClient(channel).Watch(headers, cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest { Key = Key(ns), StartRevision = fromRevision },
            }, cancellationToken).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.CompactRevision > 0)
                {
                    var current = await GetAsync(ns, cancellationToken).ConfigureAwait(false);
                    if (current is not null)
                    {
                        await onDocument(current).ConfigureAwait(false);
                        return true;
                    }

                    // No document now: nothing to catch up on, so watch on from where etcd's history starts.
                    await call.RequestStream.WriteAsync(new WatchRequest
                    {
                        CreateRequest = new WatchCreateRequest { Key = Key(ns), StartRevision = response.CompactRevision },
                    }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var change in response.Events.Where(e => e.Type == Mvccpb.Event.Types.EventType.Put))
                {
                    await onDocument(new ConfigCenterDocument(ns, change.Kv.ModRevision, change.Kv.Value.ToStringUtf8())).ConfigureAwait(false);
                }
            }

            throw new ConfigCenterException(ConfigCenterException.Unreachable, "etcd closed the watch stream");
        });

    private static ByteString Key(string ns) => ByteString.CopyFromUtf8(EtcdOptions.KeyOf(ns));

    // A gRPC deadline is an instant on the real clock (sent to etcd as the time left), never a test's fake one.
    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + RequestTimeout;

    private static SocketsHttpHandler CreateHandler(EtcdTlsOptions tls)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = RequestTimeout,
            EnableMultipleHttp2Connections = true,

            // A watch stream idles for hours; pings notice a dead connection instead of waiting on it forever.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        };
        if (tls.CertFile.Length > 0)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile)];
        }

        if (tls.CaFile.Length > 0)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(tls.CaFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && ChainsTo(new X509Certificate2(certificate), ca);
        }

        return handler;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static ConfigCenterException Translate(Exception ex, string endpoint) => ex switch
    {
        ConfigCenterException known => known,
        RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } rpc =>
            new ConfigCenterException(ConfigCenterException.AuthFailed, $"etcd at {endpoint} refused: {rpc.Status.Detail}", ex),
        RpcException { StatusCode: StatusCode.OutOfRange } rpc when rpc.Status.Detail.Contains("compacted", StringComparison.Ordinal) =>
            new ConfigCenterException(ConfigCenterException.RevisionCompacted, "etcd compacted that revision away", ex),
        RpcException { StatusCode: StatusCode.OutOfRange } rpc =>
            new ConfigCenterException(ConfigCenterException.RevisionNotFound, $"etcd: {rpc.Status.Detail}", ex),
        RpcException rpc => new ConfigCenterException(ConfigCenterException.Unreachable, $"etcd at {endpoint} is unreachable: {rpc.Status.Detail}", ex),
        _ => new ConfigCenterException(ConfigCenterException.Unreachable, $"etcd at {endpoint} is unreachable: {ex.Message}", ex),
    };

    private async Task<T> CallAsync<T>(Func<GrpcChannel, Metadata, Task<T>> call)
    {
        ConfigCenterException? last = null;
        for (var attempt = 0; attempt < _channels.Length; attempt++)
        {
            var index = (_preferred + attempt) % _channels.Length;
            var channel = _channels[index];
            try
            {
                var result = await call(channel, await HeadersAsync(channel).ConfigureAwait(false)).ConfigureAwait(false);
                _preferred = index;
                return result;
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException or ConfigCenterException)
            {
                _token = null;
                last = Translate(ex, _options.Endpoints[index]);
                if (last.Code != ConfigCenterException.Unreachable)
                {
                    throw last;
                }
            }
        }

        throw last!;
    }

    private async Task<Metadata> HeadersAsync(GrpcChannel channel)
    {
        var headers = new Metadata();
        if (_options.Username.Length == 0)
        {
            return headers;
        }

        if (_token is null)
        {
            var password = (await File.ReadAllTextAsync(_options.PasswordFile).ConfigureAwait(false)).TrimEnd('\r', '\n');
            var response = await new Auth.AuthClient(channel).AuthenticateAsync(
                new AuthenticateRequest { Name = _options.Username, Password = password }, deadline: Deadline()).ConfigureAwait(false);
            _token = response.Token;
        }

        headers.Add("token", _token);
        return headers;
    }
}
