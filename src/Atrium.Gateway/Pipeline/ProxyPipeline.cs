namespace Atrium.Gateway.Pipeline;

/// <summary>Stages composed once into a single delegate, so a request pays no list walk or allocation per stage.</summary>
internal sealed class ProxyPipeline
{
    public ProxyPipeline(IReadOnlyList<IProxyStage> stages)
    {
        Stages = stages.Select(s => s.Name).ToArray();
        ProxyStageDelegate next = static _ => ValueTask.CompletedTask;
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var stage = stages[i];
            var rest = next;
            next = context => stage.InvokeAsync(context, rest);
        }

        Invoke = next;
    }

    public IReadOnlyList<string> Stages { get; }

    public ProxyStageDelegate Invoke { get; }
}
