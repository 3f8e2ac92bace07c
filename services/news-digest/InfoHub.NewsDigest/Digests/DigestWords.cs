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
            ["errata"] = "Corrections", ["new-york"] = "New York time",
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
            ["errata"] = "Rectificatifs", ["new-york"] = "heure de New York",
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
            ["errata"] = "Correcciones", ["new-york"] = "hora de Nueva York",
        },
    };

    /// <summary>The word for <paramref name="key"/> in <paramref name="language"/> (English where the language has none), filled with <paramref name="args"/>.</summary>
    public static string Get(string language, string key, params object[] args)
    {
        var words = Words.GetValueOrDefault(Primary(language)) ?? Words["en"];
        var text = words.GetValueOrDefault(key) ?? Words["en"].GetValueOrDefault(key) ?? key;
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }

    // Invariant globalization (no ICU data): month and day names are written here, in the three working languages.
    private static readonly Dictionary<string, (string[] Months, string[] Days, string Of)> Calendar = new()
    {
        ["en"] = (["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
            ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"], ""),
        ["fr"] = (["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"], ""),
        ["es"] = (["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"], "de "),
    };

    private static (string[] Months, string[] Days, string Of) CalendarOf(string language) => Calendar.GetValueOrDefault(Primary(language), Calendar["en"]);

    /// <summary>"24 November 2026", "24 novembre 2026", "24 de noviembre de 2026".</summary>
    public static string Day(string language, DateOnly day)
    {
        var (months, _, of) = CalendarOf(language);
        return $"{day.Day} {of}{months[day.Month - 1]} {of}{day.Year}";
    }

    /// <summary>"Tuesday 24 November, 10:00", "mardi 24 novembre, 10:00", "martes 24 de noviembre, 10:00".</summary>
    public static string DayAndTime(string language, DateTime local)
    {
        var (months, days, of) = CalendarOf(language);
        return string.Create(CultureInfo.InvariantCulture, $"{days[(int)local.DayOfWeek]} {local.Day} {of}{months[local.Month - 1]}, {local:HH:mm}");
    }

    /// <summary>"23–29 November 2026", "30 November – 6 December 2026", "23–29 de noviembre de 2026", in the language's words.</summary>
    public static string Period(string language, DateOnly from, DateOnly to)
    {
        var (months, _, of) = CalendarOf(language);
        if (from == to) return Day(language, to);
        if (from.Year != to.Year) return $"{Day(language, from)} – {Day(language, to)}";
        if (from.Month != to.Month) return $"{from.Day} {of}{months[from.Month - 1]} – {Day(language, to)}";
        return $"{from.Day}–{Day(language, to)}";
    }

    private static string Primary(string language) => language.Split('-')[0].ToLowerInvariant();
}
