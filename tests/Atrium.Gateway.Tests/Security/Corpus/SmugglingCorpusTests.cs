namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// Runs every file of <c>Corpus/cases</c> against the real gateway over a raw socket (format and meaning in
/// <c>Corpus/README.md</c>): the gateway must refuse the request as the case says, or forward exactly one request
/// with exactly the expected parts, and nothing else may reach the upstream.
/// </summary>
public sealed class SmugglingCorpusTests(CorpusFixture fixture) : IClassFixture<CorpusFixture>
{
    /// <summary>Only bounds a broken case; every expected path ends on a signal (an answer, a close, an idle upstream).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static string CasesDirectory => Path.Combine(AppContext.BaseDirectory, "Security", "Corpus", "cases");

    public static TheoryData<string> Cases() =>
        [.. Directory.EnumerateFiles(CasesDirectory, "*.http").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_CorpusCase_RefusedOrForwardedExactly(string name)
    {
        var corpusCase = CorpusCaseFile.Load(Path.Combine(CasesDirectory, name + ".http"));
        await fixture.Upstream.WaitIdleAsync(Guard);
        var mark = fixture.Upstream.Count;

        var expected = corpusCase.Expectation;
        var client = await RawExchange.RunAsync(
            fixture.Gateway.ProxyPort, corpusCase.Request, corpusCase.HalfClose, r => expected.Close && r.Status == expected.Status, Guard);
        await fixture.Upstream.WaitIdleAsync(Guard);
        var upstream = fixture.Upstream.Since(mark);

        var problems = CorpusVerdict.Check(expected, client, upstream);
        problems.ShouldBeEmpty(
            $"\n--- sent\n{CorpusEscapes.Show(corpusCase.Request)}\n--- client\n{client}\n--- upstream\n" + string.Join("\n---\n", upstream));
    }

    [Fact]
    public void Cases_Directory_HoldsTheWholeCorpus() =>
        Cases().Count.ShouldBeGreaterThanOrEqualTo(80);
}
