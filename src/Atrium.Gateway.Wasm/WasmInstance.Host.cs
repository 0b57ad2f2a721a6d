using System.Text;
using Atrium.Gateway.Plugins;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Wasm;

/// <summary>The host functions' work on the instance's memory and the current request (see <see cref="HostFunctions"/>).</summary>
internal sealed partial class WasmInstance
{
    public int Log(int level, int ptr, int size) => Guard(() =>
    {
        PluginLog.Write(Plugin.Runtime.Logger, level, Plugin.Config.Name, ReadString(ptr, size));
        return ProxyAbi.Ok;
    });

    public int GetLogLevel(int ret) => Guard(() =>
    {
        var logger = Plugin.Runtime.Logger;
        var level = Enumerable.Range(0, 5).FirstOrDefault(l => logger.IsEnabled((LogLevel)l), 5);
        Memory.WriteInt32(ret, level);
        return ProxyAbi.Ok;
    });

    public int GetTime(int ret) => Guard(() =>
    {
        var now = Plugin.Runtime.Time.GetUtcNow();
        Memory.WriteInt64(ret, (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
        return ProxyAbi.Ok;
    });

    public int GetBufferBytes(int type, int start, int max, int retPtr, int retSize) => Guard(() =>
    {
        if (Buffer(type) is not { } buffer)
        {
            return ProxyAbi.NotFound;
        }

        if (start < 0 || max < 0 || start > buffer.Length)
        {
            return ProxyAbi.BadArgument;
        }

        var length = (int)Math.Min(max, buffer.Length - start);
        return Return(buffer.AsSpan(start, length), retPtr, retSize);
    });

    public int GetBufferStatus(int type, int retLength, int retFlags) => Guard(() =>
    {
        if (Buffer(type) is not { } buffer)
        {
            return ProxyAbi.NotFound;
        }

        Memory.WriteInt32(retLength, buffer.Length);
        Memory.WriteInt32(retFlags, 0);
        return ProxyAbi.Ok;
    });

    public int SetBufferBytes(int type, int start, int size, int ptr, int length) => Guard(() =>
    {
        var exchange = Exchange;
        var writable = (type == ProxyAbi.RequestBody && exchange?.Phase == PluginPhase.RequestBody)
            || (type == ProxyAbi.ResponseBody && exchange?.Phase == PluginPhase.ResponseBody);
        if (!writable || Buffer(type) is not { } buffer)
        {
            return ProxyAbi.NotFound;
        }

        if (start < 0 || size < 0 || length < 0)
        {
            return ProxyAbi.BadArgument;
        }

        // Replace [start, start + size) with the data, clamped to the buffer: start 0 and size >= length replaces it all.
        var from = Math.Min(start, buffer.Length);
        var to = (int)Math.Min((long)from + size, buffer.Length);
        var data = Read(ptr, length);
        var result = new byte[from + data.Length + (buffer.Length - to)];
        buffer.AsSpan(0, from).CopyTo(result);
        data.CopyTo(result.AsSpan(from));
        buffer.AsSpan(to).CopyTo(result.AsSpan(from + data.Length));
        if (type == ProxyAbi.RequestBody)
        {
            exchange!.RequestBody = result;
        }
        else
        {
            exchange!.ResponseBody = result;
        }

        return ProxyAbi.Ok;
    });

    public int GetHeaderPairs(int map, int retPtr, int retSize) => Guard(() =>
        Exchange is { } exchange && IsMap(map, exchange)
            ? Return(HeaderMapCodec.Encode(PluginHeaders.Pairs(exchange, map == ProxyAbi.ResponseHeaders)), retPtr, retSize)
            : ProxyAbi.NotFound);

    public int SetHeaderPairs(int map, int ptr, int size) => Guard(() =>
    {
        if (Exchange is not { } exchange || !IsMap(map, exchange) || PluginHeaders.Map(exchange, map == ProxyAbi.ResponseHeaders) is not { } headers)
        {
            return ProxyAbi.NotFound;
        }

        if (HeaderMapCodec.Decode(Read(ptr, size)) is not { } pairs)
        {
            return ProxyAbi.BadArgument;
        }

        headers.Clear();
        foreach (var (name, value) in pairs.Where(p => !p.Key.StartsWith(':')))
        {
            PluginHeaders.Change(exchange, map == ProxyAbi.ResponseHeaders, name, value, add: true);
        }

        return ProxyAbi.Ok;
    });

    public int GetHeaderMapSize(int map, int retSize) => Guard(() =>
    {
        if (Exchange is not { } exchange || !IsMap(map, exchange))
        {
            return ProxyAbi.NotFound;
        }

        Memory.WriteInt32(retSize, HeaderMapCodec.Encode(PluginHeaders.Pairs(exchange, map == ProxyAbi.ResponseHeaders)).Length);
        return ProxyAbi.Ok;
    });

    public int GetHeader(int map, int keyPtr, int keySize, int retPtr, int retSize) => Guard(() =>
    {
        if (Exchange is not { } exchange || !IsMap(map, exchange))
        {
            return ProxyAbi.NotFound;
        }

        return PluginHeaders.Get(exchange, map == ProxyAbi.ResponseHeaders, ReadString(keyPtr, keySize)) is { } value
            ? Return(Encoding.UTF8.GetBytes(value), retPtr, retSize)
            : ProxyAbi.NotFound;
    });

    /// <summary>Replaces, adds or (<paramref name="valueSize"/> -1) removes a header.</summary>
    public int ChangeHeader(int map, int keyPtr, int keySize, int valuePtr, int valueSize, bool add) => Guard(() =>
    {
        if (Exchange is not { } exchange || !IsMap(map, exchange))
        {
            return ProxyAbi.NotFound;
        }

        var value = valueSize < 0 ? null : ReadString(valuePtr, valueSize);
        return PluginHeaders.Change(exchange, map == ProxyAbi.ResponseHeaders, ReadString(keyPtr, keySize), value, add)
            ? ProxyAbi.Ok
            : ProxyAbi.BadArgument;
    });

    public int GetProperty(int pathPtr, int pathSize, int retPtr, int retSize) => Guard(() =>
    {
        if (Exchange is not { } exchange)
        {
            return ProxyAbi.NotFound;
        }

        // A path's segments are separated by NUL bytes: "request\0path".
        var path = ReadString(pathPtr, pathSize).TrimEnd('\0').Replace('\0', '.');
        return PluginProperties.Get(exchange, Plugin.Config.Name, path) is { } value ? Return(value, retPtr, retSize) : ProxyAbi.NotFound;
    });

    public int SendLocalResponse(int status, int bodyPtr, int bodySize, int headersPtr, int headersSize) => Guard(() =>
    {
        if (Exchange is not { } exchange || status is < 200 or > 599)
        {
            return ProxyAbi.BadArgument;
        }

        if (HeaderMapCodec.Decode(Read(headersPtr, headersSize)) is not { } headers)
        {
            return ProxyAbi.BadArgument;
        }

        exchange.LocalResponse ??= new PluginLocalResponse(status, Read(bodyPtr, bodySize), headers);
        SentLocalResponse = true;
        return ProxyAbi.Ok;
    });

    public int GetSharedData(int keyPtr, int keySize, int retPtr, int retSize, int retCas) => Guard(() =>
    {
        if (!Plugin.Shared.TryGet(ReadString(keyPtr, keySize), out var value, out var cas))
        {
            return ProxyAbi.NotFound;
        }

        var status = Return(value, retPtr, retSize);
        if (status == ProxyAbi.Ok)
        {
            Memory.WriteInt32(retCas, unchecked((int)cas));
        }

        return status;
    });

    public int SetSharedData(int keyPtr, int keySize, int valuePtr, int valueSize, int cas) => Guard(() =>
        Plugin.Shared.TrySet(ReadString(keyPtr, keySize), Read(valuePtr, valueSize), unchecked((uint)cas)) ? ProxyAbi.Ok : ProxyAbi.CasMismatch);

    private static bool IsMap(int map, PluginExchange exchange) =>
        map == ProxyAbi.RequestHeaders || (map == ProxyAbi.ResponseHeaders && exchange.HasResponse);

    private byte[]? Buffer(int type) => type switch
    {
        ProxyAbi.RequestBody => Exchange?.RequestBody,
        ProxyAbi.ResponseBody => Exchange?.ResponseBody,
        ProxyAbi.PluginConfiguration => Plugin.ConfigBytes,
        ProxyAbi.VmConfiguration => [],
        _ => null,
    };

    /// <summary>Copies bytes into memory the module allocates and writes their address and size to the return slots.</summary>
    private int Return(ReadOnlySpan<byte> data, int retPtr, int retSize)
    {
        var address = 0;
        if (data.Length > 0)
        {
            var allocate = _allocate;
            if (allocate is null)
            {
                return ProxyAbi.InternalFailure;
            }

            // A call back into the module, on the same fuel budget as the call that asked.
            address = allocate(data.Length);
            if (address == 0)
            {
                return ProxyAbi.InternalFailure;
            }

            data.CopyTo(Memory.GetSpan(address, data.Length));
        }

        Memory.WriteInt32(retPtr, address);
        Memory.WriteInt32(retSize, data.Length);
        return ProxyAbi.Ok;
    }

    private byte[] Read(int ptr, int size) => size == 0 ? [] : Memory.GetSpan(ptr, size).ToArray();

    private string ReadString(int ptr, int size) => size == 0 ? "" : Encoding.UTF8.GetString(Memory.GetSpan(ptr, size));

    /// <summary>An address outside the module's memory is the module's mistake: a status, not a host exception.</summary>
    private static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException)
        {
            return ProxyAbi.InvalidMemoryAccess;
        }
        catch (IndexOutOfRangeException)
        {
            return ProxyAbi.InvalidMemoryAccess;
        }
    }
}
