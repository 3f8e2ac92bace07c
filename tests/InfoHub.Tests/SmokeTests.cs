namespace InfoHub.Tests;

public class SmokeTests
{
    [Fact]
    public void Countries_know_ISO_codes() => Assert.Equal("CA", InfoHub.Platform.Reference.Countries.Normalize("ca"));
}
