namespace InfoHub.Bench.Raw;

/// <summary>
/// The baseline's message. Its full type name (<c>InfoHub.Bench.Raw.BenchPing</c>) is its exchange, so it cannot
/// meet InfoHub's own events; <see cref="Run"/> lets a run ignore leftovers of an earlier, interrupted one.
/// </summary>
public sealed record BenchPing(Guid Run, long Sequence);
