namespace Atrium.Chassis.Hosting;

/// <summary>Process-wide runtime settings that must be in place before the first socket is used.</summary>
public static class HostTuning
{
    // Read once by the socket engine when it starts; there is no API for it, only this variable.
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether socket completions run inline in this process (set by <see cref="ApplySocketCompletions"/> or the environment).</summary>
    public static bool InlineCompletions => Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>
    /// Applies <paramref name="mode"/>; inline completions are refused unless <paramref name="onlyAsyncModules"/> says
    /// every module to run is fully asynchronous. Returns whether completions run inline. An explicit
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> in the environment wins.
    /// </summary>
    public static bool ApplySocketCompletions(SocketCompletionMode mode, bool onlyAsyncModules)
    {
        var explicitSetting = Environment.GetEnvironmentVariable(InlineCompletionsVariable);
        if (explicitSetting is not null)
        {
            return explicitSetting == "1";
        }

        var inline = mode == SocketCompletionMode.Inline && onlyAsyncModules;
        if (inline)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        return inline;
    }
}
