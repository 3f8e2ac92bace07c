using InfoHub.Platform.Storage;

namespace InfoHub.Tests.Storage;

/// <summary>The audit log: append-only, read newest first through filters and a cursor, trimmed only by retention.</summary>
public abstract partial class DocumentStoreContract
{
    private static AuditRecord Entry(int minute, string actor = "member-1", string action = "organization.updated", string subject = "organization/7", string text = "")
    {
        var at = T0.AddMinutes(minute);
        var id = Guid.CreateVersion7(at).ToString();
        return new AuditRecord(id, at, actor, action, subject, $$"""{"id":"{{id}}","actor":"{{actor}}","action":"{{action}}","subject":"{{subject}}","detail":"{{text}}"}""");
    }

    private static async Task AppendAsync(IDocumentStore store, params AuditRecord[] entries)
    {
        foreach (var entry in entries) await store.SaveAllAsync([AuditLog.Write(entry)], Ct);
    }

    [Fact]
    public async Task The_audit_log_reads_newest_first_and_a_cursor_reaches_every_entry_once()
    {
        var store = await CreateStoreAsync();
        var written = Enumerable.Range(0, 23).Select(m => Entry(m)).ToArray();
        await AppendAsync(store, written);

        var read = new List<AuditRecord>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await store.ReadAuditAsync(new AuditQuery(After: after, Limit: 5), Ct);
            read.AddRange(page.Items);
            after = page.Next;
            pages++;
        } while (after is not null);

        Assert.Equal(written.Reverse().Select(e => e.Id), read.Select(e => e.Id));
        Assert.Equal(5, pages);
        Assert.Equal(T0.AddMinutes(22), read[0].At);
        Assert.Equal(("member-1", "organization.updated", "organization/7"), (read[0].Actor, read[0].Action, read[0].Subject));
    }

    [Fact]
    public async Task The_audit_log_filters_by_actor_action_subject_with_what_lies_under_it_and_period()
    {
        var store = await CreateStoreAsync();
        await AppendAsync(store,
            Entry(1, actor: "alice", subject: "organization/7"),
            Entry(2, actor: "bob", subject: "organization/7/position/3", action: "position.stated"),
            Entry(3, actor: "alice", subject: "organization/70"),
            Entry(4, actor: "bob", subject: "situation/sudan", action: "situation.defined"),
            Entry(5, actor: "alice", subject: "organization/7", action: "organization.removed"));

        async Task<int[]> Minutes(AuditQuery query) =>
            (await store.ReadAuditAsync(query, Ct)).Items.Select(e => (int)(e.At - T0).TotalMinutes).ToArray();

        Assert.Equal(new[] { 5, 3, 1 }, await Minutes(new AuditQuery(Actor: "alice")));
        Assert.Equal(new[] { 5, 2, 1 }, await Minutes(new AuditQuery(Subject: "organization/7")));
        Assert.Equal(new[] { 2 }, await Minutes(new AuditQuery(Subject: "organization/7/position/3")));
        Assert.Equal(new[] { 4 }, await Minutes(new AuditQuery(Action: "situation.defined")));
        Assert.Equal(new[] { 4, 3, 2 }, await Minutes(new AuditQuery(From: T0.AddMinutes(2), To: T0.AddMinutes(5))));
        Assert.Equal(new[] { 2 }, await Minutes(new AuditQuery(Actor: "bob", Subject: "organization/7")));
        Assert.Empty(await Minutes(new AuditQuery(Actor: "nobody")));
    }

    [Fact]
    public async Task An_audit_text_filter_matches_any_case_and_takes_wildcards_literally()
    {
        var store = await CreateStoreAsync();
        await AppendAsync(store, Entry(1, text: "Renamed to Human Rights Watch"), Entry(2, text: "100% done_now"), Entry(3, text: "100 percent"));

        Assert.Equal([1], (await store.ReadAuditAsync(new AuditQuery(Text: "human RIGHTS"), Ct)).Items.Select(e => (int)(e.At - T0).TotalMinutes));
        Assert.Equal([2], (await store.ReadAuditAsync(new AuditQuery(Text: "100%"), Ct)).Items.Select(e => (int)(e.At - T0).TotalMinutes));
        Assert.Equal([2], (await store.ReadAuditAsync(new AuditQuery(Text: "done_now"), Ct)).Items.Select(e => (int)(e.At - T0).TotalMinutes));
    }

    [Fact]
    public async Task An_audit_entry_lands_with_the_change_it_records_or_not_at_all()
    {
        var store = await CreateStoreAsync();
        await store.SaveAllAsync([new DocumentWrite(Doc("a", 1, "One"), []), AuditLog.Write(Entry(1))], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.SaveAllAsync([new DocumentWrite(Doc("a", 1, "Again"), []), AuditLog.Write(Entry(2))], Ct));

        var entry = Assert.Single((await store.ReadAuditAsync(new AuditQuery(), Ct)).Items);
        Assert.Equal(T0.AddMinutes(1), entry.At);
    }

    [Fact]
    public async Task Audit_entries_stay_out_of_document_reads_and_searches()
    {
        var store = await CreateStoreAsync();
        var entry = Entry(1, actor: "alice", text: "Amnesty");
        await AppendAsync(store, entry);
        await store.SaveAsync(Doc("a", 1, "Amnesty International"), [], Ct);

        Assert.Null(await store.GetAsync(AuditLog.Collection, entry.Id, Ct));
        Assert.Equal(0, (await store.SearchAsync(AuditLog.Collection, new SearchQuery("alice"), Ct)).Total);
        Assert.Empty(await store.ScanAsync(AuditLog.Collection, null, 10, Ct));
        Assert.Equal(1, (await store.SearchAsync("organizations", new SearchQuery("amnesty"), Ct)).Total);
    }

    [Fact]
    public async Task Retention_deletes_only_the_entries_older_than_its_cutoff()
    {
        var store = await CreateStoreAsync();
        await AppendAsync(store, Entry(1), Entry(2), Entry(3), Entry(4));

        Assert.Equal(2, await store.DeleteAuditBeforeAsync(T0.AddMinutes(3), Ct));

        Assert.Equal([4, 3], (await store.ReadAuditAsync(new AuditQuery(), Ct)).Items.Select(e => (int)(e.At - T0).TotalMinutes));
        Assert.Equal(0, await store.DeleteAuditBeforeAsync(T0.AddMinutes(3), Ct));
    }

    [Fact]
    public async Task Reindexing_rewrites_a_document_s_search_text_at_the_version_it_has_and_nothing_else()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "Old words"), [], Ct);
        await store.SaveAsync(Doc("b", 1, "Removed"), [], Ct);
        await store.SaveAsync(Doc("b", 2, "Removed") with { Deleted = true }, [], Ct);

        Assert.True(await store.ReindexAsync(Doc("a", 1, "New words"), Ct));
        Assert.False(await store.ReindexAsync(Doc("a", 2, "Other words"), Ct));
        Assert.False(await store.ReindexAsync(Doc("b", 2, "Back again"), Ct));
        Assert.False(await store.ReindexAsync(Doc("missing", 1, "Nothing"), Ct));

        Assert.Equal(["a"], (await store.SearchAsync("organizations", new SearchQuery("new"), Ct)).Items.Select(d => d.Id));
        Assert.Empty((await store.SearchAsync("organizations", new SearchQuery("old"), Ct)).Items);
        Assert.Empty((await store.SearchAsync("organizations", new SearchQuery("back"), Ct)).Items);
        Assert.Equal(1, (await store.GetAsync("organizations", "a", Ct))!.Version);
        Assert.Null(await store.GetAsync("organizations", "b", Ct));
        Assert.Empty(await store.GetPendingAsync(10, null, Ct));
    }
}
