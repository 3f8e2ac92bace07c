using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.NewsDigest.Situations;

public sealed class SituationUpdatedConsumer(SituationReplicas replicas) : IConsumer<SituationUpdated>
{
    public Task Consume(ConsumeContext<SituationUpdated> context) =>
        replicas.ApplyAsync(SituationReplica.From(context.Message), context.CancellationToken);
}
