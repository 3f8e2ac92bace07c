using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InfoHub.Gateway;

/// <summary>
/// The <see cref="GatewayExtensions.PerClient"/> rate limit, on every endpoint that names that policy (each route in
/// appsettings.json, the API reference): a fixed window of permits per token subject, or per address for anonymous
/// callers (the address a trusted proxy forwarded, see <see cref="ForwardedHeadersSettings"/>). Over it, a 429 problem
/// with <c>Retry-After</c>, the rest of the window.
/// <para>
/// Not ASP.NET Core's rate-limiting middleware, which takes two locks per request, one of them process-wide (its table
/// of partitions), and holds an async frame around the rest of the pipeline: measured on the bench's two busy cores,
/// that was about a tenth of the gateway's CPU per proxied request (bench/README.md, "Gateway cost"). Here a request
/// counts itself with one interlocked increment; a lock is taken only to open a client's next window.
/// </para>
/// </summary>
public sealed class PerClientRateLimit(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<object, Window> _windows = new();
    private long _lastSweep = time.GetTimestamp();

    /// <summary>The key of a client with no known address (a test server's connection).</summary>
    private static readonly object UnknownAddress = new();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName != GatewayExtensions.PerClient
            || TryAcquire(context, out var retryAfter))
        {
            return next(context);
        }
        return RejectAsync(context, retryAfter);
    }

    private bool TryAcquire(HttpContext context, out TimeSpan retryAfter)
    {
        var limits = options.Value;
        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst("sub")?.Value : null;
        var key = subject is not null ? new Subject(subject) : context.Connection.RemoteIpAddress ?? UnknownAddress;
        var now = time.GetTimestamp();
        var window = _windows.GetOrAdd(key, static (_, start) => new Window(start), now);
        SweepIfDue(now, limits.Window);
        return window.TryTake(now, subject is not null ? limits.SignedInPermits : limits.AnonymousPermits, limits.Window, time, out retryAfter);
    }

    /// <summary>Forgets, once a window, the clients whose last window ended a whole window ago.</summary>
    private void SweepIfDue(long now, TimeSpan length)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < length || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var entry in _windows)
            if (entry.Value.IdleSince(now, length, time)) _windows.TryRemove(entry);
    }

    private static async Task RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"This client's rate limit is reached; retry after {seconds} s." },
        });
    }

    /// <summary>A signed-in client's key: never equal to an address, whatever its subject says.</summary>
    private sealed record Subject(string Value);

    private sealed class Window(long start)
    {
        private long _start = start;
        private long _taken;

        public bool TryTake(long now, int permits, TimeSpan length, TimeProvider time, out TimeSpan retryAfter)
        {
            var start = Interlocked.Read(ref _start);
            if (time.GetElapsedTime(start, now) >= length)
            {
                lock (this)
                {
                    // The first request past the end opens the next window; the others count in it.
                    if (Interlocked.Read(ref _start) == start)
                    {
                        Interlocked.Exchange(ref _taken, 0);
                        Interlocked.Exchange(ref _start, now);
                    }
                }
                start = Interlocked.Read(ref _start);
            }
            if (Interlocked.Increment(ref _taken) <= permits)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
            var elapsed = time.GetElapsedTime(start, now);
            retryAfter = length - (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed);
            return false;
        }

        public bool IdleSince(long now, TimeSpan length, TimeProvider time) =>
            time.GetElapsedTime(Interlocked.Read(ref _start), now) >= length + length;
    }
}
