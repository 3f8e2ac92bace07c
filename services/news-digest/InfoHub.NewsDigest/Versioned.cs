using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest;

/// <summary>The optimistic-concurrency loop of the stores whose records carry a version (meetings, calendar events).</summary>
internal static class Versioned
{
    /// <param name="change">The record changed, or null to leave it as it is.</param>
    /// <param name="next">The changed record at its next version (given the current one).</param>
    /// <returns>The changed record, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public static async Task<(T? Updated, long? CurrentVersion)> UpdateAsync<T>(Func<Task<T?>> get, Func<T, long> version, long? expectedVersion,
        Func<T, T?> change, Func<T, T, T> next, Func<T, T, Task> save) where T : class
    {
        while (true)
        {
            var current = await get();
            if (current is null) return (null, null);
            if (expectedVersion is { } expected && expected != version(current)) return (null, version(current));
            if (change(current) is not { } changed) return (current, version(current));
            var updated = next(current, changed);
            try
            {
                await save(current, updated);
                return (updated, version(updated));
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null)
            {
                // Another writer won; apply this change on top of theirs.
            }
        }
    }
}
