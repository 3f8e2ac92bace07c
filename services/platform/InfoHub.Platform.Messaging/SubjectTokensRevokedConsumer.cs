using InfoHub.Contracts.Identity;
using InfoHub.Platform.Security;
using MassTransit;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// Every process with a bus hears of a revocation within moments: on a queue of its own (temporary, named for the
/// process), not one its service's instances share, for each instance validates tokens and must refuse the revoked ones.
/// </summary>
public sealed class SubjectTokensRevokedConsumer(RevokedSubjects revoked) : IConsumer<SubjectTokensRevoked>
{
    public Task Consume(ConsumeContext<SubjectTokensRevoked> context)
    {
        revoked.Revoke(context.Message.Subject, context.Message.RevokedAt);
        return Task.CompletedTask;
    }

    /// <summary>This process's own queue: the application's name and a new id, removed by the broker when the process disconnects.</summary>
    internal static string QueueName(string applicationName) =>
        $"{new string(applicationName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())}-tokens-revoked-{Guid.NewGuid():N}";
}
