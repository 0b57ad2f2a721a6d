namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>The samples of the wanted series in a text exposition, and the lines that could not be read.</summary>
/// <param name="Samples">The samples of the wanted series.</param>
/// <param name="Ignored">Lines that are neither a comment nor a valid sample.</param>
/// <param name="FirstIgnored">The first of them, cut to 80 characters, to show what was wrong.</param>
internal sealed record PrometheusParse(IReadOnlyList<PrometheusSample> Samples, int Ignored, string? FirstIgnored);
