using System.Buffers;
using System.Text;

namespace InfoHub.Directory.Imports;

/// <summary>RFC 4180 CSV: a header row, quoted fields with doubled quotes, CRLF or LF line ends, an optional UTF-8 BOM.</summary>
public static class Csv
{
    /// <summary>Multi-valued cells hold values separated by this.</summary>
    public const char ListSeparator = ';';

    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>The records of <paramref name="text"/>, each with the line it starts on; null and an error when quoting is broken.</summary>
    public static (IReadOnlyList<Record>? Records, string? Error) Parse(string text)
    {
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var closed = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') (quoted, closed) = (false, true);
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            // Spreadsheets never write text after a closing quote; "abc"def is a hand-edited cell whose meaning is a guess.
            if (closed && c is not (',' or '\r' or '\n'))
                return (null, $"Line {line}: a quoted cell is followed by more text (\"{Shorten(field.ToString())}\"{c}…); put the whole cell in quotes and double the quotes inside it.");
            closed = false;
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case '"': return (null, $"Line {line}: a quote inside an unquoted field; quote the whole field and double the quote.");
                case ',': fields.Add(Cell(field)); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(Cell(field)); field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) records.Add(new Record(recordLine, fields));
                    fields = [];
                    recordLine = ++line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (quoted) return (null, $"Line {recordLine}: a quoted field is not closed.");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(Cell(field));
            records.Add(new Record(recordLine, fields));
        }
        return (records, null);
    }

    private static string Shorten(string cell) => cell.Length <= 20 ? cell : cell[..20] + "…";

    /// <summary>
    /// Spreadsheets run a cell that starts with one of these as a formula ("CSV injection"): an exported cell that does is
    /// prefixed with an apostrophe, which spreadsheets show as text, and which an import strips again.
    /// </summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static string Field(string? value)
    {
        if (value is null) return "";
        if (value.Length > 0 && FormulaStarts.Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>A parsed cell, without the apostrophe <see cref="Field"/> puts before a cell that would start a formula.</summary>
    private static string Cell(StringBuilder field)
    {
        var cell = field.ToString();
        return cell.Length > 1 && cell[0] == '\'' && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;
    }

    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Field)) + "\r\n";

    public static List<string?>? List(string? cell) =>
        string.IsNullOrWhiteSpace(cell) ? null : cell.Split(ListSeparator).Select(v => (string?)v.Trim()).ToList();

    public static string Join(IEnumerable<string?>? values) => string.Join(ListSeparator, values?.OfType<string>() ?? []);
}
