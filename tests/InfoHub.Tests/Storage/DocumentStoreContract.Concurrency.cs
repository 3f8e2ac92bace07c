using InfoHub.Platform.Storage;

namespace InfoHub.Tests.Storage;

/// <summary>
/// Many writers at once (an adapter may commit several callers' writes together): each caller's write lands whole, with
/// its events, or fails alone, and a caller told "saved" finds its write.
/// </summary>
public abstract partial class DocumentStoreContract
{
    [Fact]
    public async Task Concurrent_saves_land_each_with_its_events_and_a_conflicting_one_fails_alone()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("taken", 1, "First"), [], Ct);

        // Every fourth save conflicts: a second version 1 of "taken", or a version 2 of a document that does not exist.
        var saves = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var change = (i % 4) switch
            {
                1 => Doc("taken", 1, $"Again {i}"),
                3 => Doc($"missing{i}", 2, $"Nothing {i}"),
                _ => Doc($"d{i}", 1, $"Document {i}"),
            };
            try
            {
                await store.SaveAsync(change, [Event($"Saved{i}")], Ct);
                return (i, Saved: true);
            }
            catch (ConcurrencyConflictException)
            {
                return (i, Saved: false);
            }
        })).ToList();
        var outcomes = await Task.WhenAll(saves);

        Assert.All(outcomes, o => Assert.Equal(o.i % 2 == 0, o.Saved));
        foreach (var (i, _) in outcomes.Where(o => o.Saved)) Assert.Equal(1, (await store.GetAsync("organizations", $"d{i}", Ct))!.Version);
        Assert.Equal("First", JsonText(await store.GetAsync("organizations", "taken", Ct)));
        var pending = await store.GetPendingAsync(100, null, Ct);
        Assert.Equal(
            outcomes.Where(o => o.Saved).Select(o => $"InfoHub.Tests.Storage.Saved{o.i}").Order(),
            pending.Select(p => p.Message.MessageType).Order());
    }

    [Fact]
    public async Task Concurrent_multi_document_saves_are_all_or_nothing_each()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("shared", 1, "First"), [], Ct);

        // Each writes its own document and "shared" at version 2: exactly one of them can win, and a loser leaves no trace.
        var saves = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SaveAllAsync([
                    new DocumentWrite(Doc($"own{i}", 1, $"Own {i}"), [Event($"Own{i}")]),
                    new DocumentWrite(Doc("shared", 2, $"Shared by {i}"), []),
                ], Ct);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        })).ToList();
        var won = await Task.WhenAll(saves);

        var winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
        Assert.Equal($"Shared by {winner}", JsonText(await store.GetAsync("organizations", "shared", Ct)));
        for (var i = 0; i < won.Length; i++) Assert.Equal(i == winner, await store.GetAsync("organizations", $"own{i}", Ct) is not null);
        Assert.Equal($"InfoHub.Tests.Storage.Own{winner}", Assert.Single(await store.GetPendingAsync(100, null, Ct)).Message.MessageType);
    }

    [Fact]
    public async Task A_cancelled_save_does_not_stop_the_saves_beside_it()
    {
        var store = await CreateStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var saves = Enumerable.Range(0, 20).Select(i => Task.Run(() => store.SaveAsync(Doc($"d{i}", 1, $"Document {i}"), [], i % 5 == 0 ? cancelled.Token : Ct))).ToList();
        var results = await Task.WhenAll(saves.Select(async s =>
        {
            try { await s; return true; }
            catch (OperationCanceledException) { return false; }
        }));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 5 != 0, results[i]);
            Assert.Equal(i % 5 != 0, await store.GetAsync("organizations", $"d{i}", Ct) is not null);
        }
    }

    /// <summary>The text a <see cref="Doc"/> stored, read back from its JSON body.</summary>
    private static string? JsonText(StoredDocument? document) =>
        document is null ? null : System.Text.Json.JsonDocument.Parse(document.Json).RootElement.GetProperty("text").GetString();
}
