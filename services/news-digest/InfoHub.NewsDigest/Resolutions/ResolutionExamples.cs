namespace InfoHub.NewsDigest.Resolutions;

/// <summary>
/// Request bodies shown in the OpenAPI document, as the API's own input types. They tell one story in the order a client
/// sends them: a thematic draft recorded while under negotiation, then put in blue, then its details corrected. The
/// OpenAPI tests send them and expect them stored.
/// </summary>
internal static class ResolutionExamples
{
    public static readonly ResolutionInput New = new()
    {
        DraftSymbol = "S/2026/941",
        Title = "Draft resolution on the protection of humanitarian personnel and civilians in armed conflict",
        ThematicItem = "Protection of civilians in armed conflict",
        RefersToResponsibilityToProtect = true,
        Status = "under-negotiation",
        On = new DateOnly(2026, 5, 18),
    };

    public static readonly StepInput Step = new() { Status = "in-blue", On = new DateOnly(2026, 5, 20) };

    public static readonly ResolutionDetailsInput Details = new()
    {
        DraftSymbol = "S/2026/941",
        Title = "Draft resolution on the protection of humanitarian and medical personnel in armed conflict",
        ThematicItem = "Protection of civilians in armed conflict",
        RefersToResponsibilityToProtect = true,
        Links = ["https://undocs.org/S/2026/941"],
    };
}
