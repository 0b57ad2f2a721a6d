namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>One corpus file: the raw bytes to send, whether to half-close after them, and the expected outcome.</summary>
internal sealed record CorpusCase(string Name, byte[] Request, bool HalfClose, CorpusExpectation Expectation);
