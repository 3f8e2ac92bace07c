namespace InfoHub.Web.Pages.News;

/// <summary>Links to UN documents by their symbol, on the UN's own document system.</summary>
public static class UnDocuments
{
    /// <summary>undocs.org takes a symbol without its spaces: <c>S/RES/1674 (2006)</c> → <c>https://undocs.org/S/RES/1674(2006)</c>.</summary>
    public static string Link(string symbol) => "https://undocs.org/" + symbol.Replace(" ", "", StringComparison.Ordinal);
}
