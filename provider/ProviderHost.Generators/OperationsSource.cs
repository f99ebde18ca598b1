using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProviderHost.Generators;

/// <summary>The shapes of a [Resource] or [Function] class: its type token, description and the shapes of its two records.</summary>
internal static class OperationsSource
{
    public static string Write(INamedTypeSymbol type, string baseName, string shapesName)
    {
        var declaration = type.GetAttributes().First(a => a.AttributeClass?.ContainingNamespace.ToDisplayString() == "ProviderHost.Typed"
            && a.AttributeClass.Name is "ResourceAttribute" or "FunctionAttribute");
        INamedTypeSymbol? baseType = type.BaseType;
        while (baseType is not null && !(baseType.Name == baseName && baseType.ContainingNamespace.ToDisplayString() == "ProviderHost.Typed"))
            baseType = baseType.BaseType;
        if (baseType is null || baseType.TypeArguments.Length != 2)
            return Source.Partial(type, $"#error ProviderHost: {type.Name} must derive from ProviderHost.Typed.{baseName}<,>\n");

        var (first, second) = (Source.Name(baseType.TypeArguments[0]), Source.Name(baseType.TypeArguments[1]));
        var shapes = $"global::ProviderHost.Typed.{shapesName}<{first}, {second}>";
        var body = new StringBuilder("    private static readonly ").Append(shapes).Append(" GeneratedShapes = new(\n        ")
            .Append(Source.Literal(declaration.ConstructorArguments[0].Value as string)).Append(", ")
            .Append(Source.Literal(Source.Named(declaration, "Description") as string)).Append(", ")
            .Append(first).Append(".Shape, ").Append(second).Append(".Shape");
        if (baseName == "CustomResource")
        {
            var updates = type.GetMembers("UpdateAsync").OfType<IMethodSymbol>().Any(m => m.IsOverride);
            body.Append(", UpdatesInPlace: ").Append(updates ? "true" : "false");
        }
        body.Append(')');
        var inits = new List<string>();
        if (Source.Named(declaration, "RefreshBeforeUpdate") is true) inits.Add("RefreshBeforeUpdate = true");
        if (Source.Named(declaration, "AutoName") is string autoName) inits.Add("AutoName = " + Source.Literal(autoName));
        if (inits.Count > 0) body.Append(" { ").Append(string.Join(", ", inits)).Append(" }");
        body.Append(";\n\n    /// <summary>Generated from the declaration.</summary>\n    protected override ").Append(shapes).Append(" Shapes => GeneratedShapes;\n");
        return Source.Partial(type, body.ToString());
    }
}
