using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProviderHost.Generators;

/// <summary>The shape of a [Properties] record: its property specs, codecs, reader and writer.</summary>
internal static class PropertiesSource
{
    public static string Write(INamedTypeSymbol type)
    {
        var declaration = Source.Attribute(type, "PropertiesAttribute")!;
        var properties = Declared(type);
        var body = new StringBuilder();
        var errors = Problems(type, properties);
        var specs = new List<string>();
        var reads = new List<string>();
        var writes = new List<string>();
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var attribute = Source.Attribute(property, "PropertyAttribute")!;
            var (core, nullableValue) = Unwrap(property.Type);
            var optional = nullableValue || property.Type.NullableAnnotation == NullableAnnotation.Annotated;
            var enumType = Source.Named(attribute, "Enum") as INamedTypeSymbol;
            var codec = Codec(core, enumType, out var error);
            if (error is not null)
            {
                errors.Add($"{type.Name}.{property.Name}: {error}");
                continue;
            }
            var wire = WireName(property);
            if (Misplaced(property, attribute, core, enumType) is { } misplaced)
            {
                errors.Add($"{type.Name}.{property.Name}: {misplaced}");
                continue;
            }
            body.Append("    private static readonly global::ProviderHost.Typed.ValueCodec<").Append(Source.Name(core))
                .Append("> GeneratedCodec").Append(i).Append(" = ").Append(codec).Append(";\n");
            if (Spec(property.ContainingType, i, wire, optional, attribute) is not { } spec)
            {
                errors.Add($"{type.Name}.{property.Name}: Pattern must name a static [GeneratedRegex] method of {property.ContainingType.Name}");
                continue;
            }
            specs.Add(spec);
            var defaulted = Source.Named(attribute, "Default") is not null;
            // A required value that is missing, unknown or ill-typed keeps the property's initial value (never null).
            reads.Add($"{property.Name} = " + (nullableValue ? $"r.OptionalValue({i}, GeneratedCodec{i})"
                : optional && !defaulted ? $"r.Optional({i}, GeneratedCodec{i})"
                : core.IsReferenceType ? $"r.Required({i}, GeneratedCodec{i}) ?? GeneratedInitial.{property.Name}"
                : $"r.Required({i}, GeneratedCodec{i})"));
            writes.Add(nullableValue ? $"w.WriteOptional({i}, GeneratedCodec{i}, v.{property.Name});" : $"w.Write({i}, GeneratedCodec{i}, v.{property.Name}!);");
        }
        if (errors.Count > 0)
            return Source.Partial(type, string.Concat(errors.Select(e => "#error ProviderHost: " + e + "\n")));

        var name = Source.Name(type);
        var hides = false;
        for (var t = type.BaseType; t is not null; t = t.BaseType) hides |= Source.Attribute(t, "PropertiesAttribute") is not null;
        body.Append("    private static readonly ").Append(name).Append(" GeneratedInitial = new();\n");
        body.Append("\n    /// <summary>Generated from the [Property] declarations: schema, decoding and encoding.</summary>\n")
            .Append("    public static ").Append(hides ? "new " : "").Append("global::ProviderHost.Typed.ObjectShape<").Append(name).Append("> Shape { get; } = new(\n")
            .Append("        ").Append(Source.Literal(type.Name)).Append(", ")
            .Append(Source.Literal(Source.Named(declaration, "TypeToken") as string)).Append(", ")
            .Append(Source.Literal(Source.Named(declaration, "Description") as string)).Append(",\n")
            .Append("        [\n").Append(string.Concat(specs.Select(s => "            " + s + ",\n"))).Append("        ],\n")
            .Append("        static r => new ").Append(name).Append("\n        {\n")
            .Append(string.Concat(reads.Select(r => "            " + r + ",\n"))).Append("        },\n")
            .Append("        static (v, w) =>\n        {\n")
            .Append(string.Concat(writes.Select(w => "            " + w + "\n"))).Append("        });\n");
        return Source.Partial(type, body.ToString());
    }

    /// <summary>What makes the type itself undeclarable: each a one-line reason the generated file turns into an #error.</summary>
    private static List<string> Problems(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        var problems = new List<string>();
        if (type.IsGenericType) problems.Add($"{type.Name} must not be generic");
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility != Accessibility.Private))
            problems.Add($"{type.Name} needs a constructor without parameters (decoding starts from it)");
        foreach (var member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && (m.Name is "Shape" or "GeneratedInitial" || m.Name.StartsWith("GeneratedCodec"))))
            problems.Add($"{type.Name}.{member.Name}: the name is the generator's; rename the member");
        foreach (var property in properties)
        {
            if (property.SetMethod is null) problems.Add($"{type.Name}.{property.Name}: needs an init (or set) accessor");
            if (SymbolEqualityComparer.Default.Equals(Unwrap(property.Type).Core.OriginalDefinition, type.OriginalDefinition))
                problems.Add($"{type.Name}.{property.Name}: a record may not hold itself (recursive types are not supported)");
        }
        foreach (var clash in properties.GroupBy(WireName).Where(g => g.Count() > 1))
            problems.Add($"{type.Name}: {string.Join(" and ", clash.Select(p => p.Name))} have the same wire name \"{clash.Key}\"");
        return problems;
    }

    private static string WireName(IPropertySymbol property) =>
        Source.Attribute(property, "PropertyAttribute")!.ConstructorArguments.FirstOrDefault().Value as string ?? CamelCase(property.Name);

    /// <summary>A rule or default declared where it cannot apply (it would be silently ignored), or null.</summary>
    private static string? Misplaced(IPropertySymbol property, AttributeData attribute, ITypeSymbol core, INamedTypeSymbol? enumType)
    {
        var isString = core.SpecialType == SpecialType.System_String;
        var element = core is INamedTypeSymbol { IsGenericType: true } g && g.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyList<T>"
            ? g.TypeArguments[0] : null;
        if (enumType is not null && !(isString || element?.SpecialType == SpecialType.System_String))
            return "Enum applies to a string or a list of strings";
        if (enumType is not null && Source.Attribute(enumType, "EnumAttribute") is null)
            return $"Enum names {enumType.Name}, which is not marked [Enum]";
        if (!isString && (Source.Named(attribute, "Pattern") is not null || Source.Named(attribute, "MaxLength") is int and > 0))
            return "Pattern and MaxLength apply to a string";
        if (element is null && (Source.Named(attribute, "MinItems") is int and > 0 || Source.Named(attribute, "UniqueItems") is true))
            return "MinItems and UniqueItems apply to a list";
        var fallback = Source.Named(attribute, "Default");
        var fits = fallback switch
        {
            null => true,
            string => isString,
            bool => core.SpecialType == SpecialType.System_Boolean,
            int or long => core.SpecialType is SpecialType.System_Int64 or SpecialType.System_Double,
            float or double => core.SpecialType == SpecialType.System_Double,
            _ => false,
        };
        return fits ? null : $"Default {fallback} does not fit {core.ToDisplayString()}";
    }

    /// <summary>The [Property] properties of the type and its base records, base first.</summary>
    private static List<IPropertySymbol> Declared(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t.GetMembers().OfType<IPropertySymbol>())
            .Where(p => !p.IsStatic && Source.Attribute(p, "PropertyAttribute") is not null)
            .ToList();
    }

    private static (ITypeSymbol Core, bool NullableValue) Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? (nullable.TypeArguments[0], true)
            : (type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), false);

    private static string? Codec(ITypeSymbol type, INamedTypeSymbol? enumType, out string? error)
    {
        error = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return enumType is null ? "global::ProviderHost.Typed.ValueCodecs.String" : $"global::ProviderHost.Typed.ValueCodecs.Enum({Source.Name(enumType)}.Shape)";
            case SpecialType.System_Boolean: return "global::ProviderHost.Typed.ValueCodecs.Boolean";
            case SpecialType.System_Int64: return "global::ProviderHost.Typed.ValueCodecs.Integer";
            case SpecialType.System_Double: return "global::ProviderHost.Typed.ValueCodecs.Number";
        }
        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            var definition = generic.OriginalDefinition.ToDisplayString();
            if (definition == "System.Collections.Generic.IReadOnlyList<T>")
                return Element(generic.TypeArguments[0], enumType, "List", out error);
            if (definition == "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>" && generic.TypeArguments[0].SpecialType == SpecialType.System_String)
                return Element(generic.TypeArguments[1], enumType, "Map", out error);
        }
        if (type is INamedTypeSymbol named && Source.Attribute(named, "PropertiesAttribute") is not null)
            return $"global::ProviderHost.Typed.ValueCodecs.Object({Source.Name(named)}.Shape)";
        error = $"type {type.ToDisplayString()} is not supported: use string, bool, long, double, IReadOnlyList<T>, IReadOnlyDictionary<string, T> or a [Properties] record";
        return null;
    }

    private static string? Element(ITypeSymbol element, INamedTypeSymbol? enumType, string container, out string? error)
    {
        var codec = Codec(element.WithNullableAnnotation(NullableAnnotation.NotAnnotated), enumType, out error);
        return codec is null ? null : $"global::ProviderHost.Typed.ValueCodecs.{container}({codec})";
    }

    /// <returns>The spec's source, or null when its Pattern names no static [GeneratedRegex] method of <paramref name="owner"/>.</returns>
    private static string? Spec(INamedTypeSymbol owner, int index, string wire, bool optional, AttributeData attribute)
    {
        var spec = new StringBuilder("new(").Append(Source.Literal(wire)).Append(", GeneratedCodec").Append(index).Append(".Type, Required: ")
            .Append(optional ? "false" : "true").Append(", Description: ").Append(Source.Literal(Source.Named(attribute, "Description") as string)).Append(')');
        var extras = new List<string>();
        if (Source.Named(attribute, "Secret") is true) extras.Add("Secret = true");
        if (Source.Named(attribute, "ReplaceOnChanges") is true) extras.Add("ReplaceOnChanges = true");
        switch (Source.Named(attribute, "Default"))
        {
            case string text: extras.Add($"Default = global::ProviderHost.Values.PropertyValue.From({Source.Literal(text)})"); break;
            case bool flag: extras.Add($"Default = global::ProviderHost.Values.PropertyValue.From({(flag ? "true" : "false")})"); break;
            case int or long: extras.Add($"Default = global::ProviderHost.Values.PropertyValue.From({System.Convert.ToInt64(Source.Named(attribute, "Default"))}d)"); break;
            case float number: extras.Add($"Default = global::ProviderHost.Values.PropertyValue.From({((double)number).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}d)"); break;
            case double number: extras.Add($"Default = global::ProviderHost.Values.PropertyValue.From({number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}d)"); break;
        }
        if (Source.Named(attribute, "Pattern") is string method)
        {
            // The method's [GeneratedRegex] pattern, for messages; the method itself does the matching.
            var regex = owner.GetMembers(method).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Length == 0)?
                .GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Text.RegularExpressions.GeneratedRegexAttribute")?
                .ConstructorArguments.FirstOrDefault().Value as string;
            if (regex is null) return null;
            extras.Add($"Pattern = {Source.Literal(regex)}");
            extras.Add($"Matches = static text => {Source.Name(owner)}.{method}().IsMatch(text)");
        }
        if (Source.Named(attribute, "PatternHint") is string hint) extras.Add($"PatternHint = {Source.Literal(hint)}");
        if (Source.Named(attribute, "MaxLength") is int maxLength and > 0) extras.Add($"MaxLength = {maxLength}");
        if (Source.Named(attribute, "MinItems") is int minItems and > 0) extras.Add($"MinItems = {minItems}");
        if (Source.Named(attribute, "UniqueItems") is true) extras.Add("UniqueItems = true");
        if (Source.Named(attribute, "RecordEnvironment") is true) extras.Add("RecordEnvironment = true");
        if (Source.Named(attribute, "Summary") is string summary) extras.Add($"Summary = {Source.Literal(summary)}");
        if (Source.Named(attribute, "Environment") is string[] variables && variables.Length > 0)
            extras.Add("Environment = [" + string.Join(", ", variables.Select(Source.Literal)) + "]");
        return extras.Count == 0 ? spec.ToString() : spec.Append(" { ").Append(string.Join(", ", extras)).Append(" }").ToString();
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}
