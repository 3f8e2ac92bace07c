using InfoHub.Contracts.Directory;
using InfoHub.Platform.CatchUp;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

/// <summary>The directory's state in brief: the catch-up compares the copy here with it.</summary>
public sealed class DirectoryCheckpointedConsumer([FromKeyedServices(ContactsExtensions.Service)] DirectoryCatchUp catchUp) : IConsumer<DirectoryCheckpointed>
{
    public Task Consume(ConsumeContext<DirectoryCheckpointed> context)
    {
        catchUp.OnCheckpoint(context.Message);
        return Task.CompletedTask;
    }
}
