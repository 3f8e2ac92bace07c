using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Platform.Messaging;

namespace InfoHub.Tests.Platform;

/// <summary>What consumers accept: the contracts' own declarations (nullable annotations and <c>required</c>).</summary>
public sealed class MessageValidationTests
{
    private readonly MessageValidator _validator = new();

    private static OrganizationUpdated Updated() => new()
    {
        EventId = Guid.NewGuid(), OrganizationId = Guid.NewGuid(), Version = 3, OccurredAt = DateTimeOffset.UtcNow,
        Name = "Global Centre for the Responsibility to Protect", Country = "US",
    };

    [Fact]
    public void A_whole_event_passes_with_its_optional_fields_left_null()
    {
        var minimal = Updated();
        var full = minimal with
        {
            Acronym = "GCR2P", Description = "Advocacy", Themes = ["prevention"], Translations = new Dictionary<string, OrganizationTranslation> { ["fr"] = new() { Name = "Centre mondial" } },
            Membership = new OrganizationMembership { Status = "member", WorkingGroups = ["early-warning"] },
        };

        Assert.Null(minimal.Acronym);
        Assert.Null(minimal.Membership);
        Assert.Empty(_validator.Problems(minimal));
        Assert.Empty(_validator.Problems(full));
        Assert.Empty(_validator.Problems(new PositionPublished
        {
            EventId = Guid.NewGuid(), PositionId = Guid.NewGuid(), OrganizationId = Guid.NewGuid(), SituationId = "darfur", Version = 1,
            OccurredAt = DateTimeOffset.UtcNow, Statement = "Protect civilians", StatedOn = new DateOnly(2026, 11, 1),
        }));
        Assert.Empty(_validator.Problems(new DirectorySnapshotRequested { RequestId = Guid.NewGuid(), RequestedAt = DateTimeOffset.UtcNow, RequestedBy = "contacts" }));
    }

    [Fact]
    public void Every_missing_or_empty_field_is_named_by_its_path()
    {
        var invalid = Updated() with
        {
            OrganizationId = Guid.Empty, Name = null!, Country = " ", Themes = ["prevention", null!],
            Translations = new Dictionary<string, OrganizationTranslation> { ["fr"] = null! },
            Membership = new OrganizationMembership { Status = null!, Campaigns = null! },
        };

        string[] expected =
        [
            "organizationId is empty", "name is missing", "country is empty", "translations[fr] is missing", "themes[1] is missing",
            "membership.status is missing", "membership.campaigns is missing",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), _validator.Problems(invalid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_invalid_message_throws_an_exception_that_names_the_type_and_the_fields()
    {
        var e = Assert.Throws<InvalidMessageException>(() => _validator.ThrowIfInvalid(Updated() with { Name = null! }));

        Assert.Equal(typeof(OrganizationUpdated), e.MessageType);
        Assert.Equal("Invalid OrganizationUpdated: name is missing.", e.Message);
    }

    [Fact]
    public void A_null_sent_where_the_record_declares_none_is_caught_after_deserialization()
    {
        // System.Text.Json refuses a missing required property but lets an explicit null through: the validator catches that.
        var json = JsonSerializer.Serialize(Updated(), JsonSerializerOptions.Web).Replace("\"name\":\"Global Centre for the Responsibility to Protect\"", "\"name\":null");
        var received = JsonSerializer.Deserialize<OrganizationUpdated>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(["name is missing"], _validator.Problems(received));
    }
}
