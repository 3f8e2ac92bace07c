namespace InfoHub.Web.Pages.Directory;

/// <summary>Each facet's heading, an interface text (translated through the resources like any other).</summary>
public static class FacetNames
{
    public static string Of(string facet) => facet switch
    {
        "theme" => "Theme",
        "country" => "Country",
        "region" => "Region",
        "situation" => "Situation",
        "sector" => "Sector",
        "scope" => "Scope",
        "language" => "Language",
        "membership" => "Membership",
        "function" => "Function",
        "q" => "Text",
        "sort" => "Order",
        "cursor" => "Page",
        "limit" => "Page size",
        _ => facet,
    };
}
