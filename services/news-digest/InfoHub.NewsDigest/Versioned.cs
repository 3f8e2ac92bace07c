using InfoHub.Platform.Http;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest;

/// <summary>
/// The optimistic-concurrency loop of every store of the service whose records carry a version: read the record, stop
/// when it is not at the version the writer expected, else write; when another writer won meanwhile and no version was
/// expected, apply the change again on top of theirs. (With a version expected, the conflict reaches the caller: 409.)
/// </summary>
internal static class Versioned
{
    /// <summary>What became of a write: no such record, a record at another version, or what <c>write</c> returned.</summary>
    public readonly record struct Outcome<TResult>(bool Found, long? StaleAt, TResult? Result);

    public static async Task<Outcome<TResult>> WriteAsync<T, TResult>(Func<Task<T?>> get, Func<T, long> version, long? expectedVersion,
        Func<T, Task<TResult>> write) where T : class
    {
        while (true)
        {
            var current = await get();
            if (current is null) return default;
            if (expectedVersion is { } expected && expected != version(current)) return new(true, version(current), default);
            try
            {
                return new(true, null, await write(current));
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null)
            {
                // Another writer won; apply this change on top of theirs.
            }
        }
    }

    /// <param name="change">The record changed, or null to leave it as it is.</param>
    /// <param name="next">The changed record at its next version (given the current one).</param>
    /// <returns>The changed record, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public static async Task<(T? Updated, long? CurrentVersion)> UpdateAsync<T>(Func<Task<T?>> get, Func<T, long> version, long? expectedVersion,
        Func<T, T?> change, Func<T, T, T> next, Func<T, T, Task> save) where T : class
    {
        var outcome = await WriteAsync(get, version, expectedVersion, async current =>
        {
            if (change(current) is not { } changed) return current;
            var updated = next(current, changed);
            await save(current, updated);
            return updated;
        });
        return !outcome.Found ? (null, null) : outcome.StaleAt is { } at ? (null, at) : (outcome.Result, version(outcome.Result!));
    }

    /// <summary>
    /// The answer to a write through <see cref="UpdateAsync{T}"/>: 200 with the record and its ETag; 404 when there is no
    /// such record; 412 naming the version it is at when that is not the one the writer expected.
    /// </summary>
    /// <param name="what">The record's kind as a reader names it: "meeting", "calendar event".</param>
    public static IResult Answer<T>(HttpContext http, string what, Guid id, (T? Updated, long? CurrentVersion) written, Func<T, long> version) where T : class
    {
        if (written.Updated is not { } updated)
            return written.CurrentVersion is { } current ? Preconditions.VersionMismatch(what, current) : Problems.NotFound($"{char.ToUpperInvariant(what[0])}{what[1..]} {id}");
        http.Response.Headers.ETag = Preconditions.ETag(version(updated));
        return TypedResults.Ok(updated);
    }
}
