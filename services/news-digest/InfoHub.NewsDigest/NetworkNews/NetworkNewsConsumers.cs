using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.NewsDigest.NetworkNews;

/// <summary>A new organization in the directory is network news; its name also names its later activities and positions.</summary>
public sealed class OrganizationRegisteredNewsConsumer(NetworkNewsStore news) : IConsumer<OrganizationRegistered>
{
    public async Task Consume(ConsumeContext<OrganizationRegistered> context)
    {
        var e = context.Message;
        await news.NameAsync(NetworkOrganization.Of(e), context.CancellationToken);
        await news.ApplyAsync(NetworkNewsItem.Joined(e, e.RegisteredAt ?? e.OccurredAt), context.CancellationToken);
    }
}

/// <summary>
/// A renamed organization is named so from now on; a profile change is not news in itself. An organization first learned
/// this way (its registration missed: a snapshot after a first start or a lost store) is the news of its registration,
/// dated then, not now: it shows only in a digest whose period covers that day, never as a new member years later.
/// </summary>
public sealed class OrganizationUpdatedNewsConsumer(NetworkNewsStore news) : IConsumer<OrganizationUpdated>
{
    public async Task Consume(ConsumeContext<OrganizationUpdated> context)
    {
        var e = context.Message;
        await news.NameAsync(NetworkOrganization.Of(e), context.CancellationToken);
        if (e.RegisteredAt is { } registered && !await news.HoldsAsync("organization", e.OrganizationId, context.CancellationToken))
            await news.ApplyAsync(NetworkNewsItem.Joined(e, registered), context.CancellationToken);
    }
}

/// <summary>A newly recorded activity is news (a later edit of it is not).</summary>
public sealed class ActivityRecordedNewsConsumer(NetworkNewsStore news) : IConsumer<ActivityRecorded>
{
    public Task Consume(ConsumeContext<ActivityRecorded> context)
    {
        var e = context.Message;
        return news.ApplyAsync(new NetworkNewsItem
        {
            Kind = "activity", Id = e.ActivityId, OrganizationId = e.OrganizationId, Text = e.Title, Link = e.Link,
            Situations = e.Situations, Themes = e.Themes, OccurredAt = e.OccurredAt, EventId = e.EventId, Version = e.Version,
        }, context.CancellationToken);
    }
}

/// <summary>A public position stated or changed is news, in its latest words.</summary>
public sealed class PositionPublishedNewsConsumer(NetworkNewsStore news) : IConsumer<PositionPublished>
{
    public Task Consume(ConsumeContext<PositionPublished> context)
    {
        var e = context.Message;
        return news.ApplyAsync(new NetworkNewsItem
        {
            Kind = "position", Id = e.PositionId, OrganizationId = e.OrganizationId, Text = e.Statement, Link = e.Link,
            Situations = [e.SituationId], OccurredAt = e.OccurredAt, EventId = e.EventId, Version = e.Version,
        }, context.CancellationToken);
    }
}

/// <summary>A position no longer public leaves the network news (a digest already published keeps what it said, with its source).</summary>
public sealed class PositionWithdrawnNewsConsumer(NetworkNewsStore news) : IConsumer<PositionWithdrawn>
{
    public Task Consume(ConsumeContext<PositionWithdrawn> context)
    {
        var e = context.Message;
        return news.RemoveAsync("position", e.PositionId, e.Version, e.OccurredAt, context.CancellationToken);
    }
}
