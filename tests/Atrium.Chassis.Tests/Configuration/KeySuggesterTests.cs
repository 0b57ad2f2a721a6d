using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class KeySuggesterTests
{
    [Theory]
    [InlineData("routes", "routes", 0)]
    [InlineData("routs", "routes", 1)]
    [InlineData("clsuters", "clusters", 2)]
    [InlineData("", "abc", 3)]
    public void Distance_TwoStrings_ReturnsLevenshteinDistance(string a, string b, int expected)
    {
        KeySuggester.Distance(a, b).ShouldBe(expected);
    }

    [Fact]
    public void Hint_SeveralCandidates_PicksClosest()
    {
        KeySuggester.Hint("lisen", ["routes", "listen", "list"]).ShouldBe(" (did you mean 'listen'?)");
    }

    [Fact]
    public void Hint_NoCandidateWithinTwoEdits_ReturnsEmpty()
    {
        KeySuggester.Hint("timeout", ["routes", "listen"]).ShouldBeEmpty();
    }
}
