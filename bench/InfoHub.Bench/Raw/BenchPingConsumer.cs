using MassTransit;

namespace InfoHub.Bench.Raw;

public sealed class BenchPingConsumer(PingTracker tracker) : IConsumer<BenchPing>
{
    public Task Consume(ConsumeContext<BenchPing> context)
    {
        tracker.Observe(context.Message);
        return Task.CompletedTask;
    }
}
