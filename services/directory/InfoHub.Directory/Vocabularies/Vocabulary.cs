
namespace InfoHub.Directory.Vocabularies;

/// <summary>One term of a fixed vocabulary: a stable code, labels in English, French and Spanish, and (for regions) its parent.</summary>
public sealed record Term(string Code, IReadOnlyDictionary<string, string> Labels, string? Parent = null)
{
    public static Term Of(string code, string en, string fr, string es, string? parent = null) =>
        new(code, new Dictionary<string, string> { ["en"] = en, ["fr"] = fr, ["es"] = es }, parent);
}

/// <summary>
/// The directory's classification vocabularies. Codes never change (profiles, filters and partner systems store them);
/// labels may be improved.
/// </summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<Term> Sectors =
    [
        Term.Of("human-rights", "Human rights", "Droits humains", "Derechos humanos"),
        Term.Of("humanitarian", "Humanitarian", "Humanitaire", "Humanitario"),
        Term.Of("women-gender", "Women's and gender", "Femmes et genre", "Mujeres y género"),
        Term.Of("peace-conflict-prevention", "Peace and conflict prevention", "Paix et prévention des conflits", "Paz y prevención de conflictos"),
        Term.Of("research-policy", "Research and policy (think tanks, universities)", "Recherche et politiques (centres de réflexion, universités)", "Investigación y políticas (centros de pensamiento, universidades)"),
        Term.Of("faith-based", "Faith-based", "Confessionnel", "Confesional"),
        Term.Of("development", "Development", "Développement", "Desarrollo"),
        Term.Of("legal-international-justice", "Legal and international justice", "Droit et justice internationale", "Derecho y justicia internacional"),
        Term.Of("youth-students", "Youth and students", "Jeunesse et étudiants", "Juventud y estudiantes"),
        Term.Of("parliamentary-network", "Parliamentary network", "Réseau parlementaire", "Red parlamentaria"),
        Term.Of("un-association", "UN association", "Association pour les Nations Unies", "Asociación para las Naciones Unidas"),
        Term.Of("media", "Media", "Médias", "Medios de comunicación"),
    ];

    public static readonly IReadOnlyList<Term> Scopes =
    [
        Term.Of("international", "International", "International", "Internacional"),
        Term.Of("regional", "Regional", "Régional", "Regional"),
        Term.Of("national", "National", "National", "Nacional"),
        Term.Of("local", "Local", "Local", "Local"),
    ];

    /// <summary>UN M49 regions and sub-regions, by their M49 codes.</summary>
    public static readonly IReadOnlyList<Term> Regions =
    [
        Term.Of("002", "Africa", "Afrique", "África"),
        Term.Of("015", "Northern Africa", "Afrique septentrionale", "África septentrional", "002"),
        Term.Of("202", "Sub-Saharan Africa", "Afrique subsaharienne", "África subsahariana", "002"),
        Term.Of("014", "Eastern Africa", "Afrique orientale", "África oriental", "202"),
        Term.Of("017", "Middle Africa", "Afrique centrale", "África central", "202"),
        Term.Of("018", "Southern Africa", "Afrique australe", "África meridional", "202"),
        Term.Of("011", "Western Africa", "Afrique de l'Ouest", "África occidental", "202"),
        Term.Of("019", "Americas", "Amériques", "Américas"),
        Term.Of("419", "Latin America and the Caribbean", "Amérique latine et Caraïbes", "América Latina y el Caribe", "019"),
        Term.Of("029", "Caribbean", "Caraïbes", "Caribe", "419"),
        Term.Of("013", "Central America", "Amérique centrale", "Centroamérica", "419"),
        Term.Of("005", "South America", "Amérique du Sud", "América del Sur", "419"),
        Term.Of("021", "Northern America", "Amérique septentrionale", "América septentrional", "019"),
        Term.Of("142", "Asia", "Asie", "Asia"),
        Term.Of("143", "Central Asia", "Asie centrale", "Asia central", "142"),
        Term.Of("030", "Eastern Asia", "Asie orientale", "Asia oriental", "142"),
        Term.Of("035", "South-eastern Asia", "Asie du Sud-Est", "Asia sudoriental", "142"),
        Term.Of("034", "Southern Asia", "Asie du Sud", "Asia meridional", "142"),
        Term.Of("145", "Western Asia", "Asie occidentale", "Asia occidental", "142"),
        Term.Of("150", "Europe", "Europe", "Europa"),
        Term.Of("151", "Eastern Europe", "Europe orientale", "Europa oriental", "150"),
        Term.Of("154", "Northern Europe", "Europe septentrionale", "Europa septentrional", "150"),
        Term.Of("039", "Southern Europe", "Europe méridionale", "Europa meridional", "150"),
        Term.Of("155", "Western Europe", "Europe occidentale", "Europa occidental", "150"),
        Term.Of("009", "Oceania", "Océanie", "Oceanía"),
        Term.Of("053", "Australia and New Zealand", "Australie et Nouvelle-Zélande", "Australia y Nueva Zelandia", "009"),
        Term.Of("054", "Melanesia", "Mélanésie", "Melanesia", "009"),
        Term.Of("057", "Micronesia", "Micronésie", "Micronesia", "009"),
        Term.Of("061", "Polynesia", "Polynésie", "Polinesia", "009"),
    ];

    public static readonly IReadOnlyList<Term> Themes =
    [
        Term.Of("prevention", "Prevention", "Prévention", "Prevención"),
        Term.Of("reaction", "Reaction", "Réaction", "Reacción"),
        Term.Of("rebuilding", "Rebuilding", "Reconstruction", "Reconstrucción"),
        Term.Of("protection-of-civilians", "Protection of civilians", "Protection des civils", "Protección de civiles"),
        Term.Of("children-armed-conflict", "Children and armed conflict", "Enfants et conflits armés", "Niños y conflictos armados"),
        Term.Of("women-peace-security", "Women, peace and security", "Femmes, paix et sécurité", "Mujeres, paz y seguridad"),
        Term.Of("small-arms", "Small arms", "Armes légères", "Armas pequeñas"),
        Term.Of("international-criminal-justice", "International criminal justice", "Justice pénale internationale", "Justicia penal internacional"),
        Term.Of("early-warning", "Early warning", "Alerte précoce", "Alerta temprana"),
        Term.Of("peacekeeping", "Peacekeeping", "Maintien de la paix", "Mantenimiento de la paz"),
        Term.Of("genocide-prevention", "Genocide prevention", "Prévention du génocide", "Prevención del genocidio"),
        Term.Of("displacement", "Displacement", "Déplacement de populations", "Desplazamiento"),
        Term.Of("humanitarian-access", "Humanitarian access", "Accès humanitaire", "Acceso humanitario"),
        Term.Of("business-conflict", "Business and conflict", "Entreprises et conflits", "Empresas y conflictos"),
        Term.Of("norm-building-advocacy", "Norm-building and advocacy", "Construction de normes et plaidoyer", "Construcción de normas e incidencia"),
        Term.Of("media-engagement", "Media engagement", "Travail avec les médias", "Relación con los medios"),
        Term.Of("parliamentary-engagement", "Parliamentary engagement", "Travail avec les parlementaires", "Trabajo con parlamentarios"),
    ];

    public static readonly IReadOnlyList<Term> Functions =
    [
        Term.Of("advocacy", "Advocacy", "Plaidoyer", "Incidencia"),
        Term.Of("monitoring", "Monitoring", "Suivi", "Monitoreo"),
        Term.Of("research", "Research", "Recherche", "Investigación"),
        Term.Of("education", "Education", "Éducation", "Educación"),
        Term.Of("messaging", "Messaging", "Communication", "Comunicación"),
        Term.Of("capacity-building", "Capacity-building", "Renforcement des capacités", "Fortalecimiento de capacidades"),
    ];

    public static readonly IReadOnlyList<Term> Membership =
    [
        Term.Of("member", "Member", "Membre", "Miembro"),
        Term.Of("partner-coalition", "Partner coalition", "Coalition partenaire", "Coalición asociada"),
        Term.Of("observer", "Observer", "Observateur", "Observador"),
        Term.Of("former", "Former member", "Ancien membre", "Antiguo miembro"),
    ];

    /// <summary>The kinds of response a position on a situation may call for.</summary>
    public static readonly IReadOnlyList<Term> Responses =
    [
        Term.Of("prevention", "Prevention", "Prévention", "Prevención"),
        Term.Of("diplomatic-pressure", "Diplomatic pressure", "Pression diplomatique", "Presión diplomática"),
        Term.Of("sanctions", "Sanctions", "Sanctions", "Sanciones"),
        Term.Of("peacekeeping", "Peacekeeping", "Maintien de la paix", "Mantenimiento de la paz"),
        Term.Of("use-of-force-last-resort", "Use of force as a last resort", "Recours à la force en dernier ressort", "Uso de la fuerza como último recurso"),
        Term.Of("none-stated", "None stated", "Non précisé", "No especificado"),
    ];

    public static readonly IReadOnlyList<Term> Visibility =
    [
        Term.Of("public", "Public", "Public", "Público"),
        Term.Of("members", "Members only", "Membres uniquement", "Solo miembros"),
        Term.Of("secretariat", "Secretariat only", "Secrétariat uniquement", "Solo la secretaría"),
    ];

    public static readonly IReadOnlyList<Term> CountryTerms =
        Countries.All.Select(c => Term.Of(c.Key, c.Value.En, c.Value.Fr, c.Value.Es)).ToList();

    /// <summary>Every vocabulary by the name the API serves it under.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Term>> ByName = new Dictionary<string, IReadOnlyList<Term>>
    {
        ["sectors"] = Sectors,
        ["scopes"] = Scopes,
        ["regions"] = Regions,
        ["countries"] = CountryTerms,
        ["themes"] = Themes,
        ["functions"] = Functions,
        ["membership"] = Membership,
        ["responses"] = Responses,
        ["visibility"] = Visibility,
    };
}
