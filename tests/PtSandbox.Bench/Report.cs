using System.Globalization;
using System.Text;

namespace PtSandbox.Bench;

/// <summary>One line of the table: what was measured, the figure, the target and whether it was met.</summary>
internal sealed record Row(string Figure, string Value, string Target, string Result);

/// <summary>Collects rows as the sections run (echoing each to stderr) and prints them as one table on stdout.</summary>
internal sealed class Report
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string InfoResult = "info";
    public const string Error = "ERROR";

    private readonly List<Row> _rows = [];

    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>A figure with no target.</summary>
    public void Info(string figure, string value) => Add(new Row(figure, value, "-", InfoResult));

    /// <summary>A figure checked against a target: PASS when <paramref name="met"/>.</summary>
    public void Check(string figure, string value, string target, bool met) => Add(new Row(figure, value, target, met ? Pass : Fail));

    /// <summary>A figure that could not be measured, with the reason in the value column.</summary>
    public void Failed(string figure, string target, Exception error) =>
        Add(new Row(figure, "error: " + OneLine(error), target, Error));

    public void Skipped(string figure, string why, string target = "-") => Add(new Row(figure, "skipped: " + why, target, InfoResult));

    private void Add(Row row)
    {
        _rows.Add(row);
        Console.Error.WriteLine($"bench: {row.Figure} | {row.Value} | {row.Target} | {row.Result}");
    }

    public void Print(TextWriter output)
    {
        var header = new Row("figure", "value", "target", "result");
        var all = _rows.Prepend(header).ToList();
        var w0 = all.Max(r => r.Figure.Length);
        var w1 = all.Max(r => r.Value.Length);
        var w2 = all.Max(r => r.Target.Length);
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.Append(row.Figure.PadRight(w0)).Append(" | ")
                .Append(row.Value.PadRight(w1)).Append(" | ")
                .Append(row.Target.PadRight(w2)).Append(" | ")
                .Append(row.Result).Append('\n');
            if (ReferenceEquals(row, header))
                text.Append(new string('-', w0)).Append("-|-").Append(new string('-', w1)).Append("-|-")
                    .Append(new string('-', w2)).Append("-|-").Append(new string('-', 6)).Append('\n');
        }
        output.Write(text.ToString());
        output.Flush();
    }

    public static string OneLine(Exception error)
    {
        var inner = error is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : error;
        var message = $"{inner.GetType().Name}: {inner.Message}";
        message = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return message.Length > 200 ? message[..200] + "…" : message;
    }
}

/// <summary>Number formatting and medians, invariant culture throughout.</summary>
internal static class Fmt
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new InvalidOperationException("no samples");
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Ms(double ms) =>
        ms.ToString(ms >= 100 ? "0" : ms >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double ratio) => ratio.ToString("0.0#", CultureInfo.InvariantCulture) + "x";

    public static string Mb(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Median with the spread, e.g. "12.3 ms (11.0–15.2, n=15)".</summary>
    public static string MsSpread(IReadOnlyCollection<double> values) =>
        $"{Ms(Median(values))} (min {Ms(values.Min())}, max {Ms(values.Max())}, n={values.Count})";

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
