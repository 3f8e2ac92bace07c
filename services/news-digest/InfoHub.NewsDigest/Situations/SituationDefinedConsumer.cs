using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.NewsDigest.Situations;

public sealed class SituationDefinedConsumer(SituationReplicas replicas) : IConsumer<SituationDefined>
{
    public Task Consume(ConsumeContext<SituationDefined> context) =>
        replicas.ApplyAsync(SituationReplica.From(context.Message), context.CancellationToken);
}
