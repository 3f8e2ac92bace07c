using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace InfoHub.Platform.Http;

/// <summary>
/// Request bodies are UTF-8 text: a <c>charset</c> naming another encoding, or bytes that are not UTF-8, is an encoding
/// problem and said so, not mistaken for a body of the wrong type.
/// </summary>
public static class BodyText
{
    /// <summary>A 415 naming <c>Content-Type</c> when it declares a charset other than UTF-8; null otherwise.</summary>
    public static IResult? CharsetProblem(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue) return null;
        var charset = type.Charset.Value!.Trim('"');
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.Field(StatusCodes.Status415UnsupportedMediaType, "Content-Type",
                $"The body must be UTF-8 text, and charset={charset} names another encoding: convert the text to UTF-8 and send charset=utf-8 (or no charset).");
    }

    /// <summary>The whole body, checked to be UTF-8 (a UTF-8 byte order mark is dropped); or a problem: not UTF-8 (400), too large (413).</summary>
    public static async Task<(ReadOnlyMemory<byte> Bytes, IResult? Problem)> ReadUtf8Async(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", "The body is larger than this endpoint accepts."));
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (Utf8.IsValid(bytes.Span)) return (bytes, null);
        var at = InvalidAt(bytes.Span);
        return (default, Problems.Field(StatusCodes.Status400BadRequest, "body",
            $"The body is not UTF-8 text (byte 0x{bytes.Span[at]:X2} at offset {at} is not valid UTF-8): an encoding problem. Save or send the text as UTF-8."));
    }

    private static int InvalidAt(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return 0;
    }
}
