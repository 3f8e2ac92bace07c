using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Storage;
using MassTransit;

namespace InfoHub.Tests.Platform
{

public sealed class PlatformConventionTests
{
    [Fact]
    public void Queues_are_named_after_the_service_that_owns_the_consumer()
    {
        Assert.Equal("contacts-organization-updated", ServiceEndpointNameFormatter.Instance.Consumer<InfoHub.Contacts.Organizations.OrganizationUpdatedConsumer>());
        Assert.Equal("contacts-organization-registered", ServiceEndpointNameFormatter.Instance.Consumer<InfoHub.Contacts.Organizations.OrganizationRegisteredConsumer>());
        Assert.Equal("news-digest", ServiceEndpointNameFormatter.ServiceOf(typeof(InfoHub.NewsDigest.NewsDigestExtensions)));
    }

    [Fact]
    public void A_consumer_outside_a_service_namespace_cannot_be_named()
    {
        Assert.Throws<InvalidOperationException>(() => ServiceEndpointNameFormatter.Instance.Consumer<Elsewhere.StrayConsumer>());
    }

    [Theory]
    [InlineData("$.name", "name")]
    [InlineData("$.items[0].title", "items[0].title")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void Json_paths_become_field_names(string? path, string field) => Assert.Equal(field, JsonBody.FieldOf(path));

    [Fact]
    public void Search_text_is_reduced_to_lower_case_words_without_syntax()
    {
        Assert.Equal(["darfur", "sudan", "2004"], new SearchQuery("\"Darfur\" AND (Sudan*) -2004 darfur").Terms);
        Assert.Equal(["women", "peace", "security"], new SearchQuery("Women, peace and the security").Terms);
        Assert.Equal(["gt"], new SearchQuery("  {\"$gt\": \"\"} ").Terms);
        Assert.True(new SearchQuery("\"*) OR (").MatchesNothing);
        Assert.False(new SearchQuery("  ").MatchesNothing);
        Assert.Equal(["côte", "d", "ivoire"], new SearchQuery("Côte d'Ivoire").Terms);
        Assert.Equal(SearchQuery.MaxLimit, new SearchQuery(null, 5_000).BoundedLimit);
        Assert.Equal(1, new SearchQuery(null, -3).BoundedLimit);
    }

    [Theory]
    [InlineData("RabbitMq", "not a uri", false)]
    [InlineData("RabbitMq", "http://localhost:5672", false)]
    [InlineData("RabbitMq", "amqp://guest:guest@localhost:5672/", true)]
    [InlineData("InMemory", "not a uri", true)]
    public void Messaging_options_require_an_amqp_broker_for_RabbitMq(string transport, string broker, bool valid)
    {
        var options = new MessagingOptions { Transport = Enum.Parse<MessagingTransport>(transport), RabbitMq = broker };
        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Equal(valid, results.Count == 0);
    }

    [Fact]
    public void Storage_options_require_a_mongodb_uri_for_Mongo()
    {
        var options = new StorageOptions { Provider = StorageProvider.Mongo, MongoConnectionString = "localhost:27017" };
        Assert.NotEmpty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        options.MongoConnectionString = "mongodb://localhost:27017";
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }
}

}

namespace Elsewhere
{
    public sealed class StrayConsumer : IConsumer<StrayMessage>
    {
        public Task Consume(ConsumeContext<StrayMessage> context) => Task.CompletedTask;
    }

    public sealed record StrayMessage;
}
