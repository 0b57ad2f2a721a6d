namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>The tests of what <c>deploy/publish.sh</c> publishes share one publish (a Native AOT compile takes minutes).</summary>
[CollectionDefinition(Name)]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
    public const string Name = "images";
}
