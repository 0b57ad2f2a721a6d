using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A WebSocket close frame (RFC 6455 §5.5.1), written by the gateway itself when it stops with tunnels open. Frames
/// to the client (the gateway acting as server) are unmasked; frames to the upstream (acting as client) MUST be
/// masked with a fresh random key (§5.3).
/// </summary>
internal static class WebSocketCloseFrame
{
    /// <summary>1001 Going Away: the endpoint is going down.</summary>
    public const ushort GoingAway = 1001;

    public static byte[] Create(ushort status, string reason, bool masked)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var length = 2 + reasonBytes.Length;
        if (length > 125)
        {
            throw new ArgumentException("A control frame's payload is at most 125 bytes.", nameof(reason));
        }

        var frame = new byte[2 + (masked ? 4 : 0) + length];
        frame[0] = 0x88; // FIN + opcode 0x8 (close)
        frame[1] = (byte)((masked ? 0x80 : 0) | length);
        var payload = frame.AsSpan(2 + (masked ? 4 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(payload, status);
        reasonBytes.CopyTo(payload[2..]);
        if (masked)
        {
            var key = frame.AsSpan(2, 4);
            RandomNumberGenerator.Fill(key);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i % 4];
            }
        }

        return frame;
    }
}
