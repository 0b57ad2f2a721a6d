namespace Atrium.Transport.IoUring.Native;

/// <summary><c>struct iovec</c>.</summary>
internal unsafe struct Iovec
{
    public void* Base;
    public nuint Length;
}
