using InfoHub.Contracts.Directory;
using InfoHub.Platform.CatchUp;
using MassTransit;

namespace InfoHub.NewsDigest.Situations;

/// <summary>The directory's state in brief: the catch-up compares the copy of its situations here with it.</summary>
public sealed class DirectoryCheckpointedConsumer([FromKeyedServices(NewsDigestExtensions.Service)] DirectoryCatchUp catchUp) : IConsumer<DirectoryCheckpointed>
{
    public Task Consume(ConsumeContext<DirectoryCheckpointed> context)
    {
        catchUp.OnCheckpoint(context.Message);
        return Task.CompletedTask;
    }
}
