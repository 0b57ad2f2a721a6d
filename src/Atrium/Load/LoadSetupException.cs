namespace Atrium.Load;

/// <summary>The target could not be prepared for a run (unreachable, no products, registration refused).</summary>
internal sealed class LoadSetupException(string message) : Exception(message)
{
    public LoadSetupException()
        : this("The load run could not be set up.")
    {
    }

    public LoadSetupException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}
