using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace InfoHub.Platform.Http;

/// <summary>
/// Kestrel refuses some requests before any middleware runs (a request line it cannot parse, a NUL or <c>%00</c> in the
/// path: 400; a URL past <c>MaxRequestLineSize</c>: 414; headers past their limit: 431) and answers them with no body,
/// which no application hook can change (dotnet/aspnetcore#4726). This connection filter recognizes exactly that answer
/// as Kestrel writes it over HTTP/1.1 (one block: a 4xx status line, <c>Content-Length: 0</c>, <c>Connection: close</c>,
/// no <c>Content-Type</c>) and sends it as <c>application/problem+json</c> instead. Other responses pass through untouched;
/// the cost is one comparison of a few bytes per flush. Over TLS the filter sees encrypted bytes and leaves them alone.
/// </summary>
public static class ServerRefusals
{
    public static void Use(ListenOptions listen) =>
        listen.Use(next => context =>
        {
            context.Transport = new FilteredTransport(context.Transport);
            return next(context);
        });

    /// <summary>The problem+json body for a status Kestrel refuses with, naming what was refused.</summary>
    internal static (string Field, string Detail) Describe(int status) => status switch
    {
        StatusCodes.Status414RequestUriTooLong => ("url", "The URL is longer than the server accepts; shorten the query (or send the criteria in a request body)."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ("headers", "The request's headers are larger than the server accepts."),
        StatusCodes.Status408RequestTimeout => ("request", "The request's headers did not arrive in time."),
        StatusCodes.Status400BadRequest => ("request", "The server could not read the request: its request line or a header is malformed, or its path holds a NUL (%00) or another character a path cannot have."),
        _ => ("request", "The server refused the request before reading it."),
    };

    internal static byte[]? Replacement(ReadOnlySpan<byte> written)
    {
        if (written.Length > 1024 || !written.StartsWith("HTTP/1.1 4"u8) || !written.EndsWith("\r\n\r\n"u8)
            || written.IndexOf("\r\nContent-Length: 0\r\n"u8) < 0 || written.IndexOf("\r\nConnection: close\r\n"u8) < 0
            || written.IndexOf("\r\nContent-Type:"u8) >= 0)
        {
            return null;
        }
        var head = Encoding.ASCII.GetString(written);
        if (!int.TryParse(head.AsSpan(9, 3), out var status)) return null;
        var lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal);
        var (field, detail) = Describe(status);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5",
            ["title"] = head[13..lineEnd],
            ["status"] = status,
            ["detail"] = detail,
            ["field"] = field,
        });
        head = head.Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Length: {body.Length}\r\nContent-Type: application/problem+json\r\n", StringComparison.Ordinal);
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private sealed class FilteredTransport(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;
        public PipeWriter Output { get; } = new Writer(inner.Output);
    }

    /// <summary>Passes everything to the transport; only the first block written after a flush is looked at, in place.</summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _last;
        private bool _flushed = true;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            var first = _flushed;
            _flushed = false;
            if (first && bytes > 0 && bytes <= _last.Length && Replacement(_last.Span[..bytes]) is { } problem)
            {
                inner.Write(problem);
                return;
            }
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken ct = default)
        {
            _flushed = true;
            return inner.FlushAsync(ct);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
