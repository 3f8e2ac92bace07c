using System.Globalization;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// The few words a drafted digest writes itself (its title, section headings, what a meeting or a vote is), in the
/// network's three working languages. What people wrote (headlines, summaries) is never translated here.
/// </summary>
public static class DigestWords
{
    public static readonly IReadOnlyList<string> Languages = ["en", "fr", "es"];

    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["en"] = new()
        {
            ["title"] = "InfoHub digest, {0}", ["note"] = "From the secretariat", ["developments"] = "At the UN",
            ["council-agenda"] = "Coming up at the Security Council", ["calendar"] = "Coming up in the network", ["resolutions"] = "Resolutions", ["network"] = "In the network",
            ["joined"] = "{0} joined the directory", ["activity"] = "{0}: {1}", ["position"] = "{0} on {1}: \u201c{2}\u201d",
            ["briefing"] = "Briefing", ["consultations"] = "Consultations", ["open-debate"] = "Open debate", ["adoption"] = "Adoption",
            ["arria-formula"] = "Arria-formula meeting",
            ["draft"] = "draft", ["under-negotiation"] = "under negotiation", ["in-blue"] = "put in blue", ["adopted"] = "adopted",
            ["failed"] = "failed", ["vetoed"] = "vetoed", ["withdrawn"] = "withdrawn",
            ["errata"] = "Corrections", ["source"] = "Source", ["nothing"] = "Nothing in this section for this period.",
        },
        ["fr"] = new()
        {
            ["title"] = "Bulletin InfoHub, {0}", ["note"] = "Du secrétariat", ["developments"] = "Aux Nations Unies",
            ["council-agenda"] = "Prochainement au Conseil de sécurité", ["calendar"] = "Prochainement dans le réseau", ["resolutions"] = "Résolutions", ["network"] = "Dans le réseau",
            ["joined"] = "{0} a rejoint l\u2019annuaire", ["activity"] = "{0} : {1}", ["position"] = "{0} sur {1} : \u00ab {2} \u00bb",
            ["briefing"] = "Exposé", ["consultations"] = "Consultations", ["open-debate"] = "Débat public", ["adoption"] = "Adoption",
            ["arria-formula"] = "Réunion selon la formule Arria",
            ["draft"] = "projet", ["under-negotiation"] = "en négociation", ["in-blue"] = "mis en bleu", ["adopted"] = "adoptée",
            ["failed"] = "rejetée", ["vetoed"] = "objet d\u2019un veto", ["withdrawn"] = "retirée",
            ["errata"] = "Rectificatifs", ["source"] = "Source", ["nothing"] = "Rien dans cette rubrique pour cette période.",
        },
        ["es"] = new()
        {
            ["title"] = "Boletín de InfoHub, {0}", ["note"] = "De la secretaría", ["developments"] = "En las Naciones Unidas",
            ["council-agenda"] = "Próximamente en el Consejo de Seguridad", ["calendar"] = "Próximamente en la red", ["resolutions"] = "Resoluciones", ["network"] = "En la red",
            ["joined"] = "{0} se incorporó al directorio", ["activity"] = "{0}: {1}", ["position"] = "{0} sobre {1}: \u00ab{2}\u00bb",
            ["briefing"] = "Sesión informativa", ["consultations"] = "Consultas", ["open-debate"] = "Debate abierto", ["adoption"] = "Aprobación",
            ["arria-formula"] = "Reunión con arreglo a la fórmula Arria",
            ["draft"] = "proyecto", ["under-negotiation"] = "en negociación", ["in-blue"] = "en azul", ["adopted"] = "aprobada",
            ["failed"] = "no aprobada", ["vetoed"] = "vetada", ["withdrawn"] = "retirada",
            ["errata"] = "Correcciones", ["source"] = "Fuente", ["nothing"] = "Nada en esta sección para este período.",
        },
    };

    /// <summary>The word for <paramref name="key"/> in <paramref name="language"/> (English where the language has none), filled with <paramref name="args"/>.</summary>
    public static string Get(string language, string key, params object[] args)
    {
        var words = Words.GetValueOrDefault(Primary(language)) ?? Words["en"];
        var text = words.GetValueOrDefault(key) ?? Words["en"].GetValueOrDefault(key) ?? key;
        return args.Length == 0 ? text : string.Format(Culture(language), text, args);
    }

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(Primary(language));

    /// <summary>"23 November 2026 – 29 November 2026" shortened to "23 November – 29 November 2026", in the language's own words.</summary>
    public static string Period(string language, DateOnly from, DateOnly to)
    {
        var culture = Culture(language);
        var spanish = Primary(language) == "es";
        var (day, dayAndYear) = spanish ? ("d 'de' MMMM", "d 'de' MMMM 'de' yyyy") : ("d MMMM", "d MMMM yyyy");
        var end = to.ToString(dayAndYear, culture);
        if (from == to) return end;
        return $"{from.ToString(from.Year == to.Year ? day : dayAndYear, culture)} – {end}";
    }

    private static string Primary(string language) => language.Split('-')[0].ToLowerInvariant();
}
