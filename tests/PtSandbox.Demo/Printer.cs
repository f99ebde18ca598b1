using System.Globalization;
using ProviderHost.Values;

namespace PtSandbox.Demo;

/// <summary>
/// Everything the demo shows goes through here: echoed to the console (coloured only on a terminal) and kept,
/// without colour codes, in <see cref="Captured"/> so the final self-check can scan it for secrets.
/// </summary>
internal sealed class Printer(bool useColour)
{
    private const string Reset = "\u001b[0m", Bold = "\u001b[1m", Dim = "\u001b[2m";
    private const string Green = "\u001b[32m", Yellow = "\u001b[33m", Red = "\u001b[31m", Cyan = "\u001b[36m";

    private readonly StringWriter _captured = new();
    private int _commandNumber;

    public string Captured => _captured.ToString();

    /// <summary>The command being shown, for the failure message.</summary>
    public string CurrentCommand { get; private set; } = "start-up";

    public void Title(string text) => Write(text, Bold);

    public void Command(string command, string why)
    {
        CurrentCommand = command;
        _commandNumber++;
        Line();
        Write($"{_commandNumber,2}. $ {command}", Bold + Cyan, trailing: $"   # {why}");
    }

    /// <summary>A resource line like the CLI's: sign, type, name, operation, optional detail.</summary>
    public void Resource(Op op, string type, string name, string? detail = null)
    {
        var (sign, verb, colour) = op switch
        {
            Op.Create => ("+ ", "create", Green),
            Op.Created => ("+ ", "created", Green),
            Op.Same => ("= ", "unchanged", Dim),
            Op.Update => ("~ ", "update", Yellow),
            Op.Updated => ("~ ", "updated", Yellow),
            Op.Replace => ("+-", "replace", Yellow),
            Op.Replaced => ("+-", "replaced", Yellow),
            Op.Delete => ("- ", "delete", Red),
            Op.Deleted => ("- ", "deleted", Red),
            Op.Import => ("= ", "import", Cyan),
            Op.Imported => ("= ", "imported", Cyan),
            Op.Refreshed => ("~ ", "refreshed", Dim),
            _ => ("  ", op.ToString().ToLowerInvariant(), ""),
        };
        Write($"    {sign} {type} {name} {verb}", colour, trailing: detail is null ? "" : $" {detail}");
    }

    public void Property(string key, string value) => Write($"          {key + ":",-18}{value}", "");

    public void Phase(string text) => Write($"    {text}", Dim);

    public void Note(string text) => Write($"    · {text}", Dim);

    public void Good(string text) => Write($"    ✓ {text}", Green);

    public void Warning(string text) => Write($"    warning: {text}", Yellow);

    public void Error(string text) => Write($"    error: {text}", Red);

    public void Summary(string text) => Write($"    {text}", Bold);

    public void Plain(string text) => Write(text, "");

    public void Failure(string text)
    {
        Write($"demo FAILED: {text}", Bold + Red);
    }

    public void Line() => Write("", "");

    /// <summary>A property value as the CLI shows it: secrets as [secret], unknowns as (known after apply).</summary>
    public static string Show(PropertyValue? value) => value is null ? "(none)" : value.IsSecret ? "[secret]" : value.Kind switch
    {
        PropertyValueKind.Computed => "(known after apply)",
        PropertyValueKind.Null => "null",
        PropertyValueKind.String => $"\"{value.StringValue}\"",
        PropertyValueKind.Number => value.NumberValue.ToString("0.###", CultureInfo.InvariantCulture),
        PropertyValueKind.Bool => value.BoolValue ? "true" : "false",
        PropertyValueKind.Array => "[" + string.Join(", ", value.ArrayValue.Select(Show)) + "]",
        PropertyValueKind.Object => "{" + string.Join(", ", value.ObjectValue.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}",
        _ => "<special>",
    };

    /// <summary>The first characters of a hash: enough to tell two tokens apart.</summary>
    public static string Short(string? hash) => hash is null ? "(none)" : hash.Length <= 12 ? hash : hash[..12] + "…";

    private void Write(string text, string colour, string trailing = "")
    {
        _captured.WriteLine(text + trailing);
        if (useColour && colour.Length > 0)
            Console.Out.WriteLine(colour + text + Reset + (trailing.Length > 0 ? Dim + trailing + Reset : ""));
        else
            Console.Out.WriteLine(text + trailing);
    }
}

internal enum Op { Create, Created, Same, Update, Updated, Replace, Replaced, Delete, Deleted, Import, Imported, Refreshed }
