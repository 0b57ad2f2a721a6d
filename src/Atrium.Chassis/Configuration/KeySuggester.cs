namespace Atrium.Chassis.Configuration;

/// <summary>Finds the known key a misspelled key most likely meant.</summary>
internal static class KeySuggester
{
    private const int MaxDistance = 2;

    /// <summary>Returns <c>" (did you mean 'x'?)"</c> for the closest candidate within edit distance 2, else empty.</summary>
    public static string Hint(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    /// <summary>Levenshtein distance with two rolling rows.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
