using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages;

/// <summary>An API's field errors as a form shows them: each beside its field, the others above the form.</summary>
public sealed class ApiErrors(IReadOnlyDictionary<string, string[]> errors)
{
    public static readonly ApiErrors None = new(new Dictionary<string, string[]>());

    public bool Any => errors.Count > 0;

    public IEnumerable<string> Of(string field) =>
        errors.Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).SelectMany(e => e.Value);

    /// <summary>The errors of <paramref name="field"/> and of its items (<c>items[2]</c>) and parts (<c>translations.fr.title</c>).</summary>
    public IEnumerable<string> Under(string field) =>
        errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal) || e.Key.StartsWith(field + ".", StringComparison.Ordinal))
            .SelectMany(e => e.Value);

    /// <summary>Every error, by the API's field name.</summary>
    public IEnumerable<(string Field, string Message)> All => errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    /// <summary>The errors that name none of <paramref name="fields"/> (the form's own).</summary>
    public IEnumerable<string> Besides(IEnumerable<string> fields) =>
        errors.Where(e => !fields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(e => e.Value);

    /// <summary>A refusal's field errors; one without any (a 409 naming its field in its detail) is put on <paramref name="field"/>.</summary>
    public static ApiErrors Of<T>(ApiResult<T> refused, string field) where T : class =>
        new(refused.Errors.Count > 0 ? refused.Errors : new Dictionary<string, string[]> { [field] = [refused.Detail ?? refused.Status.ToString()] });
}

/// <summary>
/// A text field of a form (<c>_TextField</c>): its label and hint (translated by the page), value and errors (shown
/// in the reader's language where the portal knows the message).
/// </summary>
public sealed record TextField(string Name, string Label, string? Value, IEnumerable<string> Errors)
{
    public string Id => Name.Replace('.', '_');
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public string Type { get; init; } = "text";
    public string Autocomplete { get; init; } = "off";
    public int? MinLength { get; init; }
}
