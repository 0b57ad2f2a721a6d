namespace Atrium.Gateway.Configuration;

/// <summary>How a header or query condition compares.</summary>
public enum ValueMatchMode
{
    /// <summary>The value equals one of the values.</summary>
    Exact,

    /// <summary>The value starts with one of the values.</summary>
    Prefix,

    /// <summary>The value matches one of the regular expressions.</summary>
    Regex,

    /// <summary>The header or parameter is there, whatever its value.</summary>
    Present,

    /// <summary>The header or parameter is not there.</summary>
    Absent,
}
