using System.Globalization;

namespace InfoHub.Platform.Storage.Indexing;

/// <summary>
/// How text becomes index terms, the same for documents and queries: words are runs of letters and digits, folded to
/// lower case without diacritics ("Sécurité" → "securite"), stop words dropped, and English words stemmed.
/// </summary>
public static class TextAnalyzer
{
    /// <summary>
    /// Each UTF-16 unit folded: lower case, diacritics removed; <see cref="Separator"/> for a character between words,
    /// <see cref="Mark"/> for a combining mark (dropped, so that a decomposed "e\u0301" reads as "e").
    /// </summary>
    private static readonly char[] Folded = BuildFoldTable();

    private const char Separator = '\0';
    private const char Mark = '\u0001';

    private static char[] BuildFoldTable()
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
                table[i] = bases.TryGetValue(lower, out var letter) ? char.ToLowerInvariant(letter) : lower;
            }
        }
        return table;
    }

    /// <summary>Calls <paramref name="word"/> with every word of <paramref name="text"/>, folded but neither stemmed nor filtered.</summary>
    public static void Words(string text, WordHandler word)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var length = 0;
        foreach (var c in text)
        {
            var folded = Folded[c];
            if (folded == Mark) continue;
            if (folded != Separator)
            {
                if (length < MaxWordLength) buffer[length++] = folded;
                continue;
            }
            if (length > 0) word(buffer[..length]);
            length = 0;
        }
        if (length > 0) word(buffer[..length]);
    }

    public delegate void WordHandler(ReadOnlySpan<char> word);

    /// <summary>Longer words are cut: no real word is this long, and it bounds what a document can add to the index.</summary>
    public const int MaxWordLength = 64;

    /// <summary>The index term of one folded word: null for a stop word, else its stem.</summary>
    public static string? Term(string foldedWord) => SearchQuery.IsStopWord(foldedWord) ? null : PorterStemmer.Stem(foldedWord);

    /// <summary>The distinct words of a query (stop words left out, at most <paramref name="max"/>), folded as document words are.</summary>
    public static IReadOnlyList<string> QueryWords(string? text, int max)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        Words(text, word =>
        {
            if (words.Count == max || SearchQuery.IsStopWord(word)) return;
            var folded = word.ToString();
            if (!words.Contains(folded)) words.Add(folded);
        });
        return words;
    }
}
