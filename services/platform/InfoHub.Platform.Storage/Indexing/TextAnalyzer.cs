using System.Globalization;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace InfoHub.Platform.Storage.Indexing;

/// <summary>The languages a text is stemmed in: the network's three working languages, or all of them when unknown.</summary>
[Flags]
public enum TextLanguages
{
    English = 1,
    French = 2,
    Spanish = 4,
    Any = English | French | Spanish,
}

/// <summary>
/// Search text as the stores keep it: plain text, whose parts may be marked with their language
/// (<see cref="InLanguage"/>). Text before any mark, or marked with a language other than English, French or Spanish,
/// is stemmed in all three.
/// </summary>
public static class SearchText
{
    /// <summary>Starts and ends a language tag; a control character, which no validated text field holds.</summary>
    public const char LanguageMark = '\u001D';

    /// <summary><paramref name="text"/> marked as written in <paramref name="language"/> (a BCP 47 tag; null: unknown).</summary>
    public static string InLanguage(string? language, string text) => $"{LanguageMark}{language}{LanguageMark}{text}\n";

    /// <summary>The languages a BCP 47 tag names ("fr-CA" → French); any other, or none, is all three.</summary>
    public static TextLanguages LanguagesOf(ReadOnlySpan<char> tag)
    {
        var primary = tag.IndexOf('-') is var dash and >= 0 ? tag[..dash] : tag;
        if (primary.Equals("en", StringComparison.OrdinalIgnoreCase)) return TextLanguages.English;
        if (primary.Equals("fr", StringComparison.OrdinalIgnoreCase)) return TextLanguages.French;
        if (primary.Equals("es", StringComparison.OrdinalIgnoreCase)) return TextLanguages.Spanish;
        return TextLanguages.Any;
    }
}

/// <summary>
/// How text becomes index terms, the same for documents and queries: words are runs of letters and digits, lower-cased,
/// with letters that have no Unicode decomposition spelled out ("œuvre" → "oeuvre", "Łódź" → "lodz", "ß" → "ss"); stop
/// words are dropped; each word is stemmed by the Snowball stemmer of its text's language, both as written and without
/// diacritics, and the stems are folded ("organización" → "organiz" and "organizacion", so that a query typed without
/// accents still meets it). A query's language is unknown: its words are stemmed in all three languages, and a document
/// matches a query word when it holds any of these terms.
/// </summary>
public static class TextAnalyzer
{
    // Each UTF-16 unit lower-cased (Lowered) or lower-cased without diacritics (Folded); Separator for a character
    // between words, Mark for a combining mark (dropped, so that a decomposed "e\u0301" reads as "e"), Expand for a
    // letter spelled with two (Expansion).
    private static readonly char[] Folded = BuildTable(fold: true);
    private static readonly char[] Lowered = BuildTable(fold: false);

    private const char Separator = '\0';
    private const char Mark = '\u0001';
    private const char Expand = '\u0002';

    /// <summary>Letters without a Unicode decomposition, spelled as people type them without the letter.</summary>
    private static string? Replacement(char lower) => lower switch
    {
        'œ' => "oe",
        'æ' => "ae",
        'ß' or 'ẞ' => "ss",
        'þ' => "th",
        'ĳ' => "ij",
        'ø' => "o",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŀ' => "l",
        'ŧ' => "t",
        _ => null,
    };

    private static char[] BuildTable(bool fold)
    {
        var bases = new Dictionary<char, char>();
        for (var i = 0; i < FoldTable.Pairs.Length; i += 2) bases[FoldTable.Pairs[i]] = FoldTable.Pairs[i + 1];

        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) table[i] = Mark;
            else if (!char.IsSurrogate(c) && char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                table[i] = Replacement(lower) is { Length: > 1 } ? Expand
                    : Replacement(lower) is { } one ? one[0]
                    : fold && bases.TryGetValue(lower, out var letter) ? char.ToLowerInvariant(letter)
                    : lower;
            }
        }
        return table;
    }

    /// <summary>
    /// Calls <paramref name="word"/> with every word of <paramref name="text"/>, lower-cased (<c>written</c>) and also
    /// without diacritics (<c>folded</c>), neither stemmed nor filtered, with the languages its part of the text is in
    /// (see <see cref="SearchText"/>).
    /// </summary>
    public static void Words(string text, WordHandler word)
    {
        Span<char> folded = stackalloc char[MaxWordLength];
        Span<char> written = stackalloc char[MaxWordLength];
        var length = 0;
        var languages = TextLanguages.Any;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == SearchText.LanguageMark)
            {
                var end = text.IndexOf(SearchText.LanguageMark, i + 1);
                if (end < 0) end = text.Length;
                languages = SearchText.LanguagesOf(text.AsSpan(i + 1, end - i - 1));
                i = end;
                c = ' ';
            }
            var f = Folded[c];
            if (f == Mark) continue;
            if (f == Expand)
            {
                foreach (var letter in Replacement(char.ToLowerInvariant(c))!)
                    if (length < MaxWordLength) (folded[length], written[length++]) = (letter, letter);
                continue;
            }
            if (f != Separator)
            {
                if (length < MaxWordLength) (folded[length], written[length++]) = (f, Lowered[c]);
                continue;
            }
            if (length > 0) word(folded[..length], written[..length], languages);
            length = 0;
        }
        if (length > 0) word(folded[..length], written[..length], languages);
    }

    public delegate void WordHandler(ReadOnlySpan<char> folded, ReadOnlySpan<char> written, TextLanguages languages);

    /// <summary>Longer words are cut: no real word is this long, and it bounds what a document can add to the index.</summary>
    public const int MaxWordLength = 64;

    /// <summary>A word, lower-cased, without diacritics (<see cref="Words"/>'s <c>folded</c>).</summary>
    public static string Fold(ReadOnlySpan<char> written)
    {
        Span<char> buffer = stackalloc char[Math.Min(written.Length, MaxWordLength)];
        for (var i = 0; i < buffer.Length; i++) buffer[i] = Folded[written[i]] is var f and > Expand ? f : written[i];
        return new string(buffer);
    }

    /// <summary>
    /// The index terms of one word in the given languages: none for a stop word, else the folded stems of the word as
    /// written and of the word without diacritics, each distinct once.
    /// </summary>
    public static void Terms(ReadOnlySpan<char> folded, ReadOnlySpan<char> written, TextLanguages languages, Stemmers stemmers, List<string> terms)
    {
        if (SearchQuery.IsStopWord(folded)) return;
        var foldedText = folded.ToString();
        var writtenText = written.SequenceEqual(folded) ? foldedText : written.ToString();
        foreach (var language in (ReadOnlySpan<TextLanguages>)[TextLanguages.English, TextLanguages.French, TextLanguages.Spanish])
        {
            if ((languages & language) == 0) continue;
            Add(Fold(stemmers.Stem(language, writtenText)));
            if (!ReferenceEquals(writtenText, foldedText)) Add(stemmers.Stem(language, foldedText));
        }

        void Add(string term)
        {
            if (!terms.Contains(term)) terms.Add(term);
        }
    }

    /// <summary>
    /// The distinct words of a query (stop words left out, at most <paramref name="max"/>), folded as document words
    /// are, each with the terms it matches in any of the three languages.
    /// </summary>
    public static IReadOnlyList<QueryWord> QueryWords(string? text, int max)
    {
        var words = new List<QueryWord>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var stemmers = new Stemmers();
        Words(text, (folded, written, _) =>
        {
            if (words.Count == max || SearchQuery.IsStopWord(folded)) return;
            var word = folded.ToString();
            if (words.Exists(w => w.Folded == word)) return;
            var terms = new List<string>();
            Terms(folded, written, TextLanguages.Any, stemmers, terms);
            words.Add(new QueryWord(word, terms));
        });
        return words;
    }
}

/// <param name="Folded">The word as typed, lower-cased without diacritics: it also matches the terms it begins.</param>
/// <param name="Terms">Its stems in English, French and Spanish.</param>
public sealed record QueryWord(string Folded, IReadOnlyList<string> Terms);

/// <summary>One Snowball stemmer per language. Not thread-safe: an index keeps one for its writer, a query makes its own.</summary>
public sealed class Stemmers
{
    private readonly SnowballProgram _english = new EnglishStemmer();
    private readonly SnowballProgram _french = new FrenchStemmer();
    private readonly SnowballProgram _spanish = new SpanishStemmer();

    public string Stem(TextLanguages language, string word)
    {
        var stemmer = language switch
        {
            TextLanguages.English => _english,
            TextLanguages.French => _french,
            TextLanguages.Spanish => _spanish,
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, "One language at a time."),
        };
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
