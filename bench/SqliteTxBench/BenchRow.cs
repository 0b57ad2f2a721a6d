/// <summary>A row with a key and a counter, about the size of a saga record.</summary>
internal sealed class BenchRow(Guid id)
{
    public Guid Id { get; private set; } = id;

    public long Version { get; private set; }

    public void Touch() => Version++;
}
