namespace Atrium.Transport.IoUring.Native;

/// <summary>The numbers of the kernel ABI this transport uses (uapi <c>linux/io_uring.h</c>, <c>asm/unistd_64.h</c>, socket headers).</summary>
internal static class IoUringConstants
{
    public const long SysIoUringSetup = 425;
    public const long SysIoUringEnter = 426;

    public const byte OpAsyncCancel = 14;
    public const byte OpAccept = 13;
    public const byte OpSendMsg = 9;
    public const byte OpRead = 22;
    public const byte OpSend = 26;
    public const byte OpRecv = 27;

    public const uint SetupCqSize = 1u << 3;
    public const uint SetupSubmitAll = 1u << 7;
    public const uint SetupCoopTaskRun = 1u << 8;
    public const uint SetupSingleIssuer = 1u << 12;
    public const uint SetupDeferTaskRun = 1u << 13;

    public const uint FeatSingleMmap = 1u << 0;
    public const uint EnterGetEvents = 1u << 0;
    public const ushort AcceptMultishot = 1 << 0;
    public const uint CqeFMore = 1u << 1;

    public const long OffSqRing = 0;
    public const long OffCqRing = 0x8000000;
    public const long OffSqes = 0x10000000;

    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public const int MapPopulate = 0x8000;

    public const uint SockCloexec = 0x80000;
    public const uint MsgNoSignal = 0x4000;
    public const uint MsgDontWait = 0x40;
    public const int ShutRdWr = 2;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int EfdCloexec = 0x80000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EBusy = 16;
    public const int EInval = 22;
    public const int EPipe = 32;
    public const int ECanceled = 125;
    public const int EConnReset = 104;
    public const int EConnAborted = 103;
}
