namespace InfoHub.Platform.Storage.Indexing;

/// <summary>
/// M. F. Porter's suffix-stripping algorithm (1980), the stemmer SQLite's FTS5 "porter" tokenizer and most English
/// search engines use: "operations", "operating" and "operate" all become "oper". Only words of lower-case ASCII
/// letters are stemmed; any other word is returned unchanged, as FTS5 does.
/// </summary>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 2) return word;
        foreach (var c in word)
            if (c is < 'a' or > 'z') return word;

        var w = new Word(word.ToCharArray());
        Step1A(ref w);
        Step1B(ref w);
        Step1C(ref w);
        Step2(ref w);
        Step3(ref w);
        Step4(ref w);
        Step5(ref w);
        return w.ToString();
    }

    /// <summary>The word being stemmed: its letters up to <see cref="End"/>, and where the stem before a matched suffix ends.</summary>
    private ref struct Word(char[] letters)
    {
        private readonly char[] _letters = letters;
        public int End = letters.Length;

        /// <summary>Length of the stem before the suffix last matched by <see cref="EndsWith"/>.</summary>
        public int Stem;

        public readonly override string ToString() => new(_letters, 0, End);

        private readonly bool IsConsonant(int i) => _letters[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>m: the number of vowel-consonant sequences in the first <paramref name="length"/> letters.</summary>
        public readonly int Measure(int length)
        {
            var i = 0;
            while (i < length && IsConsonant(i)) i++;
            var m = 0;
            while (i < length)
            {
                while (i < length && !IsConsonant(i)) i++;
                if (i >= length) break;
                while (i < length && IsConsonant(i)) i++;
                m++;
            }
            return m;
        }

        /// <summary>*v*: the first <paramref name="length"/> letters hold a vowel.</summary>
        public readonly bool HasVowel(int length)
        {
            for (var i = 0; i < length; i++)
                if (!IsConsonant(i)) return true;
            return false;
        }

        /// <summary>*d: the first <paramref name="length"/> letters end with a double consonant.</summary>
        public readonly bool EndsWithDoubleConsonant(int length) =>
            length >= 2 && _letters[length - 1] == _letters[length - 2] && IsConsonant(length - 1);

        /// <summary>*o: the first <paramref name="length"/> letters end consonant-vowel-consonant, the last not w, x or y.</summary>
        public readonly bool EndsWithShortSyllable(int length) =>
            length >= 3 && IsConsonant(length - 3) && !IsConsonant(length - 2) && IsConsonant(length - 1)
            && _letters[length - 1] is not ('w' or 'x' or 'y');

        public readonly char Last(int length) => _letters[length - 1];

        public bool EndsWith(string suffix)
        {
            if (suffix.Length > End) return false;
            if (!_letters.AsSpan(End - suffix.Length, suffix.Length).SequenceEqual(suffix)) return false;
            Stem = End - suffix.Length;
            return true;
        }

        /// <summary>Replaces the suffix matched last with <paramref name="replacement"/>.</summary>
        public void Replace(string replacement)
        {
            replacement.CopyTo(_letters.AsSpan(Stem));
            End = Stem + replacement.Length;
        }
    }

    private static void Step1A(ref Word w)
    {
        if (w.EndsWith("sses")) w.Replace("ss");
        else if (w.EndsWith("ies")) w.Replace("i");
        else if (w.EndsWith("ss")) { }
        else if (w.EndsWith("s")) w.Replace("");
    }

    private static void Step1B(ref Word w)
    {
        if (w.EndsWith("eed"))
        {
            if (w.Measure(w.Stem) > 0) w.Replace("ee");
            return;
        }
        if (!((w.EndsWith("ed") || w.EndsWith("ing")) && w.HasVowel(w.Stem))) return;
        w.Replace("");
        if (w.EndsWith("at")) w.Replace("ate");
        else if (w.EndsWith("bl")) w.Replace("ble");
        else if (w.EndsWith("iz")) w.Replace("ize");
        else if (w.EndsWithDoubleConsonant(w.End) && w.Last(w.End) is not ('l' or 's' or 'z')) w.End--;
        else if (w.Measure(w.End) == 1 && w.EndsWithShortSyllable(w.End))
        {
            w.Stem = w.End;
            w.Replace("e");
        }
    }

    private static void Step1C(ref Word w)
    {
        if (w.EndsWith("y") && w.HasVowel(w.Stem)) w.Replace("i");
    }

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ];

    /// <summary>The longest rule whose suffix the word ends with applies, when the stem's measure is above zero.</summary>
    private static void Replace(ref Word w, (string Suffix, string Replacement)[] rules)
    {
        var best = -1;
        for (var i = 0; i < rules.Length; i++)
            if (w.EndsWith(rules[i].Suffix) && (best < 0 || rules[i].Suffix.Length > rules[best].Suffix.Length)) best = i;
        if (best < 0 || !w.EndsWith(rules[best].Suffix)) return;
        if (w.Measure(w.Stem) > 0) w.Replace(rules[best].Replacement);
    }

    private static void Step2(ref Word w) => Replace(ref w, Step2Rules);

    private static void Step3(ref Word w) => Replace(ref w, Step3Rules);

    private static void Step4(ref Word w)
    {
        string? best = null;
        foreach (var suffix in Step4Suffixes)
            if (w.EndsWith(suffix) && (best is null || suffix.Length > best.Length)) best = suffix;
        if (best is null) return;
        w.EndsWith(best);
        if (w.Measure(w.Stem) <= 1) return;
        // "ion" goes only after s or t: "adoption" → "adopt", but "lion" stays.
        if (best == "ion" && (w.Stem == 0 || w.Last(w.Stem) is not ('s' or 't'))) return;
        w.Replace("");
    }

    private static void Step5(ref Word w)
    {
        if (w.EndsWith("e"))
        {
            var m = w.Measure(w.Stem);
            if (m > 1 || (m == 1 && !w.EndsWithShortSyllable(w.Stem))) w.Replace("");
        }
        if (w.Last(w.End) == 'l' && w.EndsWithDoubleConsonant(w.End) && w.Measure(w.End) > 1) w.End--;
    }
}
