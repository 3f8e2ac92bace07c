using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.NewsDigest.NetworkNews;

/// <summary>A new organization in the directory is network news; its name also names its later activities and positions.</summary>
public sealed class OrganizationRegisteredNewsConsumer(NetworkNewsStore news) : IConsumer<OrganizationRegistered>
{
    public async Task Consume(ConsumeContext<OrganizationRegistered> context)
    {
        var e = context.Message;
        await news.NameAsync(new NetworkOrganization(e.OrganizationId, e.Name, e.Acronym, e.Version, e.OccurredAt), context.CancellationToken);
        await news.ApplyAsync(new NetworkNewsItem
        {
            Kind = "organization", Id = e.OrganizationId, OrganizationId = e.OrganizationId, Text = e.Name, Link = e.Website,
            Themes = e.Themes, OccurredAt = e.OccurredAt, EventId = e.EventId, Version = e.Version, Demo = e.Demo,
        }, context.CancellationToken);
    }
}

/// <summary>A renamed organization is named so from now on; a profile change is not news in itself.</summary>
public sealed class OrganizationUpdatedNewsConsumer(NetworkNewsStore news) : IConsumer<OrganizationUpdated>
{
    public Task Consume(ConsumeContext<OrganizationUpdated> context)
    {
        var e = context.Message;
        return news.NameAsync(new NetworkOrganization(e.OrganizationId, e.Name, e.Acronym, e.Version, e.OccurredAt), context.CancellationToken);
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
