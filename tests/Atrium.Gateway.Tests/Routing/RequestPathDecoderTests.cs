using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Tests.Routing;

public sealed class RequestPathDecoderTests
{
    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/api/orders?page=2")]
    [InlineData("/.well-known/jwks.json")]
    [InlineData("/a..b/.c/d.")]
    public void TryDecode_NothingEncoded_KeepsTheServersPath(string target)
    {
        RequestPathDecoder.TryDecode(target, out var path, out var encodedSlash).ShouldBeTrue();

        path.ShouldBeNull();
        encodedSlash.ShouldBeFalse();
    }

    [Theory]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/a%3Fb?c=%2F", "/a?b")]
    [InlineData("/a%25b", "/a%25b")]
    [InlineData("/%252e%252e", "/%252e%252e")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("http://example.com/a%20b?x", "/a b")]
    [InlineData("http://example.com/a/b", "/a/b")]
    [InlineData("HTTPS://example.com:8443?x", "/")]
    public void TryDecode_Encoded_ReturnsTheRoutedSpelling(string target, string expected)
    {
        RequestPathDecoder.TryDecode(target, out var path, out _).ShouldBeTrue();

        path.ShouldBe(expected);
    }

    [Fact]
    public void TryDecode_EncodedSlash_IsReported()
    {
        RequestPathDecoder.TryDecode("/files/a%2fb", out _, out var encodedSlash).ShouldBeTrue();

        encodedSlash.ShouldBeTrue();
    }

    [Theory]
    [InlineData("/a/../b")]
    [InlineData("/a/./b")]
    [InlineData("/a/..")]
    [InlineData("/a/%2e%2e/b")]
    [InlineData("/a/%2E%2e/b")]
    [InlineData("/a/.%2E/b")]
    [InlineData("/a/%2e")]
    [InlineData("/a/..%2Fb")]
    [InlineData("/a/x%2F.%2Fb")]
    [InlineData("/a%5cb")]
    [InlineData("/a\\b")]
    [InlineData("/a%00b")]
    [InlineData("/a%0Ab")]
    [InlineData("/a%7Fb")]
    [InlineData("/a%c0%ae")]
    [InlineData("/a%e0%80%ae")]
    [InlineData("/a%ed%a0%80")]
    [InlineData("/a%80")]
    [InlineData("/a%e2%82")]
    [InlineData("/a%e2%82x%ac")]
    [InlineData("/a%zz")]
    [InlineData("/a%2")]
    [InlineData("/a%")]
    [InlineData("/a#b")]
    [InlineData("*")]
    [InlineData("http://example.com\\a\\b")]
    [InlineData("http://user@example.com/a")]
    [InlineData("http://exa%6Dple.com/a")]
    [InlineData("ftp://example.com/a")]
    [InlineData("example.com:443")]
    [InlineData("a/b")]
    [InlineData("")]
    public void TryDecode_Ambiguous_IsRefused(string target) =>
        RequestPathDecoder.TryDecode(target, out _, out _).ShouldBeFalse();
}
