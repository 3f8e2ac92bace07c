using System.Globalization;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Identity.Keys;

/// <summary>
/// Keeps the token signing keys (RSA, rotated) and the encryption key for codes and refresh tokens in the identity
/// service's data folder, readable by its owner only, so tokens outlive a restart and keys can roll over.
/// </summary>
public sealed class SigningKeyRing(string directory, TimeProvider clock, int rotationDays)
{
    private const string SigningPrefix = "signing-";

    /// <summary>Usable signing keys, newest first: the newest signs, the others still validate.</summary>
    public IReadOnlyList<SecurityKey> SigningKeys()
    {
        Directory.CreateDirectory(directory);
        var now = clock.GetUtcNow();
        var files = Directory.GetFiles(directory, SigningPrefix + "*.pem").Order().Reverse().ToList();
        if (files.Count == 0 || CreatedAt(files[0]) < now.AddDays(-rotationDays))
        {
            files.Insert(0, CreateSigningKey(now));
        }
        return files
            .Where(f => CreatedAt(f) >= now.AddDays(-2 * rotationDays))
            .Select(f =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(File.ReadAllText(f));
                return (SecurityKey)new RsaSecurityKey(rsa) { KeyId = Path.GetFileNameWithoutExtension(f) };
            })
            .ToList();
    }

    public SecurityKey EncryptionKey()
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "encryption.key");
        if (!File.Exists(path)) WritePrivate(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private string CreateSigningKey(DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(directory, $"{SigningPrefix}{now.UtcDateTime:yyyyMMddHHmmss}.pem");
        WritePrivate(path, rsa.ExportPkcs8PrivateKeyPem());
        return path;
    }

    private static DateTimeOffset CreatedAt(string path) =>
        DateTimeOffset.ParseExact(Path.GetFileNameWithoutExtension(path)[SigningPrefix.Length..], "yyyyMMddHHmmss",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static void WritePrivate(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
    }
}
