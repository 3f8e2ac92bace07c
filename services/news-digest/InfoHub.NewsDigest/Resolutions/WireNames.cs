namespace InfoHub.NewsDigest.Resolutions;

/// <summary>The names an enumeration's values carry in the API (<c>in-blue</c>, <c>not-participating</c>), both ways.</summary>
internal sealed class WireNames<T>(IReadOnlyDictionary<T, string> names) where T : struct, Enum
{
    public string Of(T value) => names[value];

    public bool TryParse(string? name, out T value)
    {
        foreach (var (candidate, text) in names)
        {
            if (string.Equals(text, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
