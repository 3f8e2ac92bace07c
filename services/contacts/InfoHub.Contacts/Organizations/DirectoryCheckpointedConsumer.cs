using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

/// <summary>The directory's state in brief: the catch-up compares the copy here with it.</summary>
public sealed class DirectoryCheckpointedConsumer(DirectoryCatchUp catchUp) : IConsumer<DirectoryCheckpointed>
{
    public Task Consume(ConsumeContext<DirectoryCheckpointed> context)
    {
        catchUp.OnCheckpoint(context.Message);
        return Task.CompletedTask;
    }
}
