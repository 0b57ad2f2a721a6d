namespace Atrium.Gateway.Pipeline;

/// <summary>The rest of the pipeline after a stage.</summary>
internal delegate ValueTask ProxyStageDelegate(ProxyContext context);
