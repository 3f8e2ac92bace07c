using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using InfoHub.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Tests.Platform;

/// <summary>
/// What Kestrel refuses before the application is problem+json too. Raw sockets, since HttpClient will not send a NUL,
/// a broken request line or some of these URLs; a real Kestrel, since the test server has no HTTP parser.
/// </summary>
public sealed class ServerRefusalTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication _app = null!;
    private int _port;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Never asked: no request here carries a token.
        builder.Configuration["Auth:Authority"] = "http://127.0.0.1:9/";
        builder.Configuration["Auth:RequireHttpsMetadata"] = "false";
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/api/things/{name}", (string name) => name).AllowAnonymous();
        await _app.StartAsync(Ct);
        _port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Sends <paramref name="request"/> as is and reads until the server closes the connection (or a complete response).</summary>
    private async Task<(int Status, string Head, string Body)> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(request, Ct);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end > 0 && text.Contains("Content-Length: ", StringComparison.Ordinal))
            {
                var length = int.Parse(text[(text.IndexOf("Content-Length: ", StringComparison.Ordinal) + 16)..].Split('\r')[0]);
                if (Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length) break;
            }
        }
        var response = Encoding.UTF8.GetString(received.ToArray());
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(response.AsSpan(9, 3)), response[..split], response[(split + 4)..]);
    }

    public static TheoryData<string, string, int, string> Refused => new()
    {
        { "a very long URL", "GET /api/things/" + new string('a', 9_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "url" },
        { "a NUL in the path", "GET /api/things/a\0b HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "request" },
        { "%00 in the path", "GET /api/things/a%00b HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "request" },
        { "a broken request line", "NONSENSE\r\n\r\n", 400, "request" },
        { "headers past the limit", "GET /api/things/a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + new string('b', 40_000) + "\r\n\r\n", 431, "headers" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_the_server_refuses_before_the_application_is_answered_with_problem_json(string what, string request, int status, string field)
    {
        var (answered, head, body) = await SendAsync(Encoding.Latin1.GetBytes(request));

        Assert.True(status == answered, $"{what}: {answered}");
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", head);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_refusal_after_a_good_request_on_the_same_connection_is_problem_json_and_the_good_answer_is_untouched()
    {
        var (status, head, body) = await SendAsync(Encoding.Latin1.GetBytes(
            "GET /api/things/first HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        Assert.Equal(200, status);
        Assert.Contains("first", body);
        Assert.DoesNotContain("problem+json", head);

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes("GET /api/things/first HTTP/1.1\r\nHost: localhost\r\n\r\nGET /api/things/a%00 HTTP/1.1\r\nHost: localhost\r\n\r\n"), Ct);
        var all = new MemoryStream();
        await stream.CopyToAsync(all, Ct);
        var text = Encoding.UTF8.GetString(all.ToArray());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
        Assert.Contains("\r\n\r\nHTTP/1.1 400 Bad Request\r\n", text.Replace("\r\n0\r\n\r\n", "\r\n\r\n", StringComparison.Ordinal));
        Assert.EndsWith("\"field\":\"request\"}", text);
    }
}
