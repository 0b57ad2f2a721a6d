using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Authorization;

/// <summary>A rule's condition on one claim: a literal value, or the value a parameter of the rule's path captured.</summary>
internal sealed class ClaimCondition
{
    private readonly string _type;
    private readonly string _literal;
    private readonly int _capture;

    private ClaimCondition(string type, string literal, int capture)
    {
        _type = type;
        _literal = literal;
        _capture = capture;
    }

    public static bool TryCreate(string type, string value, IReadOnlyList<string> parameters, out ClaimCondition? condition, out string? error)
    {
        condition = null;
        if (value.Length > 2 && value[0] == '{' && value[^1] == '}')
        {
            var name = value[1..^1].TrimStart('*');
            var index = -1;
            for (var i = 0; i < parameters.Count; i++)
            {
                if (string.Equals(parameters[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                error = $"parameter '{name}' is not in the rule's path (it has: {(parameters.Count == 0 ? "none" : string.Join(", ", parameters))})";
                return false;
            }

            condition = new ClaimCondition(type, "", index);
            error = null;
            return true;
        }

        if (value.Length == 0)
        {
            error = "needs a value";
            return false;
        }

        condition = new ClaimCondition(type, value, -1);
        error = null;
        return true;
    }

    public bool Holds(GatewayIdentity identity, string path, ReadOnlySpan<Range> captures) =>
        identity.HasClaim(_type, _capture < 0 ? _literal : path[captures[_capture]]);
}
