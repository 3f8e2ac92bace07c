using MassTransit;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// Runs before every consumer of every endpoint: a message its record declares invalid never reaches the consumer (where
/// it would fail as a <see cref="NullReferenceException"/>, retried in vain) but faults at once with the reason.
/// </summary>
public sealed class MessageValidationFilter<T>(MessageValidator validator) : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        validator.ThrowIfInvalid(context.Message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageValidation");
}
