using InfoHub.Contracts.Directory;
using InfoHub.Platform.CatchUp;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

/// <summary>A snapshot is complete: if it is the one contacts asked for, contacts is caught up on what it consumes.</summary>
public sealed class DirectorySnapshotCompletedConsumer([FromKeyedServices(ContactsExtensions.Service)] DirectoryCatchUp catchUp) : IConsumer<DirectorySnapshotCompleted>
{
    public Task Consume(ConsumeContext<DirectorySnapshotCompleted> context) =>
        catchUp.OnSnapshotCompletedAsync(context.Message, context.CancellationToken);
}
