using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class UpstreamAddressTests
{
    [Theory]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/a?b#c", "/a%3Fb%23c")]
    [InlineData("/café", "/caf%C3%A9")]
    [InlineData("/a\"<>{}|^`", "/a%22%3C%3E%7B%7D%7C%5E%60")]
    [InlineData("/a%2Fb%25c", "/a%2Fb%25c")]
    [InlineData("/100%", "/100%25")]
    [InlineData("/a%20b%2fc", "/a%2520b%252fc")]
    [InlineData("/-._~!$&'()*+,;=:@", "/-._~!$&'()*+,;=:@")]
    [InlineData("/😀", "/%F0%9F%98%80")]
    public void Encode_RoutedPath_EncodesWhatIsNotAPathCharacter(string path, string expected) =>
        UpstreamAddress.Encode(path).ShouldBe(expected);

    [Theory]
    [InlineData("/a/./b", "")]
    [InlineData("/a/../b", "?x=..%2F%5C")]
    [InlineData("/a%2Fb", "?q=a+b")]
    public void Create_Path_IsSentVerbatim(string path, string query)
    {
        var uri = UpstreamAddress.Create("http://127.0.0.1:8080/base", path, query);

        uri.PathAndQuery.ShouldBe("/base" + path + query);
    }
}
