using System.Diagnostics;

namespace Atrium.Testing;

/// <summary>The git commit the checkout the tests were built from is at: what a build of it names as its commit.</summary>
public static class GitCheckout
{
    /// <summary>The full hash of <c>HEAD</c> of <see cref="RepositoryRoot"/>.</summary>
    public static string Head()
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add("rev-parse");
        start.ArgumentList.Add("HEAD");
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git rev-parse HEAD failed: {git.StandardError.ReadToEnd()}");
    }
}
