namespace InfoHub.Web;

/// <summary>
/// Names the portal's interface texts (<c>Resources/SharedResource.{fr,es}.resx</c>). A text's key is its English
/// wording, so English needs no file and a missing translation shows in English rather than as a key.
/// </summary>
public sealed class SharedResource;
