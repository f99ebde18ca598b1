using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProviderHost.Generators;

/// <summary>The shape of an [Enum] class: its type token and its [EnumValue] constants.</summary>
internal static class EnumSource
{
    public static string Write(INamedTypeSymbol type)
    {
        var declaration = Source.Attribute(type, "EnumAttribute")!;
        var values = type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.ConstantValue is string && Source.Attribute(f, "EnumValueAttribute") is not null)
            .Select(f => $"new({Source.Literal(f.Name)}, {Source.Literal((string)f.ConstantValue!)}, {Source.Literal(Source.Attribute(f, "EnumValueAttribute")!.ConstructorArguments[0].Value as string)})");
        var body = new StringBuilder("    /// <summary>Generated from the [EnumValue] constants.</summary>\n")
            .Append("    public static global::ProviderHost.Typed.EnumShape Shape { get; } = new(\n        ")
            .Append(Source.Literal(declaration.ConstructorArguments[0].Value as string)).Append(", ")
            .Append(Source.Literal(Source.Named(declaration, "Description") as string)).Append(",\n        [")
            .Append(string.Join(", ", values)).Append("],\n        Open: ")
            .Append(Source.Named(declaration, "Open") is true ? "true" : "false").Append(");\n");
        return Source.Partial(type, body.ToString());
    }
}
