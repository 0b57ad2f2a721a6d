namespace Atrium.Chassis.Hosting;

/// <summary>Kestrel's transport for the modules' TCP listeners (<c>host.transport</c>).</summary>
public enum HostTransport
{
    /// <summary>.NET's sockets (epoll on Linux), Kestrel's default.</summary>
    Sockets,

    /// <summary>
    /// Experimental: io_uring rings on one I/O thread per core (<c>src/Atrium.Transport.IoUring</c>). Linux only; a
    /// kernel without io_uring (or with it disabled) makes the config invalid rather than silently running on sockets.
    /// </summary>
    IoUring,
}
