namespace Atrium.Chassis.Tests.Telemetry;

/// <summary>One resource of an OTLP trace export: its string attributes and the names of its spans.</summary>
internal sealed record OtlpResourceSpans(IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> Spans);
