using InfoHub.Identity.Keys;

namespace InfoHub.Tests.Identity;

public sealed class SigningKeyRingTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("infohub-keys-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SigningKeyRing Ring() => new(_directory, _clock, rotationDays: 90);

    [Fact]
    public void Keys_survive_a_restart()
    {
        var first = Ring().SigningKeys().Select(k => k.KeyId).ToList();
        var again = Ring().SigningKeys().Select(k => k.KeyId).ToList();

        Assert.Single(first);
        Assert.Equal(first, again);
        Assert.Equal(((Microsoft.IdentityModel.Tokens.SymmetricSecurityKey)Ring().EncryptionKey()).Key, ((Microsoft.IdentityModel.Tokens.SymmetricSecurityKey)Ring().EncryptionKey()).Key);
    }

    [Fact]
    public void An_old_key_is_replaced_for_signing_but_still_validates_for_one_more_period()
    {
        var original = Assert.Single(Ring().SigningKeys()).KeyId;

        _clock.Advance(TimeSpan.FromDays(91));
        var rotated = Ring().SigningKeys().Select(k => k.KeyId).ToList();
        _clock.Advance(TimeSpan.FromDays(100));
        var later = Ring().SigningKeys().Select(k => k.KeyId).ToList();

        Assert.Equal(2, rotated.Count);
        Assert.NotEqual(original, rotated[0]);
        Assert.Equal(original, rotated[1]);
        Assert.DoesNotContain(original, later);
    }

    [Fact]
    public void Key_files_are_readable_by_their_owner_only()
    {
        Ring().SigningKeys();
        Ring().EncryptionKey();

        Assert.All(System.IO.Directory.GetFiles(_directory), f =>
        {
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        });
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
