using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>The corpus format itself: a case must mean exactly the bytes its file shows, and a typo must not pass.</summary>
public sealed class CorpusCaseFileTests
{
    [Fact]
    public void Parse_PlainLines_EndInCrlfUpToBackslashC()
    {
        var parsed = CorpusCaseFile.Parse("t", "# a comment\n# expect: forward method=POST target=/a%252e body=hi\nPOST /a HTTP/1.1\nHost: x\n\nhi\\c\n\n");

        Encoding.Latin1.GetString(parsed.Request).ShouldBe("POST /a HTTP/1.1\r\nHost: x\r\n\r\nhi");
        parsed.Expectation.Forward.ShouldBeTrue();
        parsed.Expectation.Target.ShouldBe("/a%252e");
        parsed.Expectation.Body.ShouldBe("hi"u8.ToArray());
        parsed.Expectation.Route.ShouldBe("all");
    }

    [Fact]
    public void Parse_VisibleLineEndEscape_ReplacesTheCrlf()
    {
        var parsed = CorpusCaseFile.Parse("t", "# expect: status=400\r\nGET / HTTP/1.1\\n\r\nX: a\\rb\\x00\\t\\\\\r\n\\{3}z\\c\r\n");

        parsed.Request.ShouldBe(Encoding.Latin1.GetBytes("GET / HTTP/1.1\nX: a\rb\0\t\\\r\nzzz"));
    }

    [Fact]
    public void Parse_Refusal_ReadsStatusCodeCloseAndHalfClose()
    {
        var parsed = CorpusCaseFile.Parse("t", "# expect: status=501 code=NOT_IMPLEMENTED close=true\n# half-close: true\nGET / HTTP/1.1\n\\c\n");

        parsed.Expectation.ShouldSatisfyAllConditions(
            e => e.Forward.ShouldBeFalse(),
            e => e.Status.ShouldBe(501),
            e => e.Code.ShouldBe("NOT_IMPLEMENTED"),
            e => e.Close.ShouldBeTrue());
        parsed.HalfClose.ShouldBeTrue();
    }

    [Fact]
    public void Parse_UpstreamChecks_AreCollected()
    {
        var parsed = CorpusCaseFile.Parse("t", """
            # expect: forward method=GET target=/
            # upstream-header: X-A: 1\x20b
            # upstream-header-contains: Forwarded: for=127.0.0.1
            # upstream-absent: X-B
            # upstream-never: 6.6.6.6
            GET / HTTP/1.1
            \c
            """);

        parsed.Expectation.Headers.ShouldBe([new("X-A", "1 b")]);
        parsed.Expectation.HeadersContaining.ShouldBe([new("Forwarded", "for=127.0.0.1")]);
        parsed.Expectation.AbsentHeaders.ShouldBe(["X-B"]);
        parsed.Expectation.NeverSeen.ShouldBe(["6.6.6.6"]);
    }

    [Theory]
    [InlineData("# expect: status=400\nGET / HTTP/1.1 \n\\c\n", "ends in a space or tab")]
    [InlineData("# expect: status=400\nGET / HTTP/1.1\n", "no end")]
    [InlineData("# expect: status=400\nGET /\\c\nmore\n", "text after the request's end")]
    [InlineData("# expect: status=400\nGET /\\q\n\\c\n", "unknown escape")]
    [InlineData("# expect: status=400\nGET /\\x4\n\\c\n", "two hex digits")]
    [InlineData("# expect: status=400\nGET /\\c /\n\\c\n", "must end its line")]
    [InlineData("# expect: status=400\nGET /\\\n\\c\n", "lone backslash")]
    [InlineData("# expcet: status=400\nGET /\\c\n", "unknown directive")]
    [InlineData("# nothing expected\nGET /\\c\n", "no '# expect:' line")]
    [InlineData("# expect: forward target=/\nGET /\\c\n", "forward needs method=")]
    [InlineData("# expect: status=400 body=x\nGET /\\c\n", "unknown expect option 'body'")]
    [InlineData("# expect: status=400\n# upstream-absent: X\nGET /\\c\n", "only applies to a forward")]
    public void Parse_MalformedCase_FailsSayingWhy(string text, string reason)
    {
        var error = Should.Throw<FormatException>(() => CorpusCaseFile.Parse("broken", text));

        error.Message.ShouldContain("'broken'");
        error.Message.ShouldContain(reason);
    }
}
