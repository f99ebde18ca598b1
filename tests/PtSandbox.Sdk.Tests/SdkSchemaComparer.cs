using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static PtSandbox.Sdk.Tests.PulumiSchema;

namespace PtSandbox.Sdk.Tests;

/// <summary>Which flavour of a C# type codegen writes for a schema type.</summary>
internal enum Shape
{
    /// <summary>Output&lt;T&gt; properties, [OutputType] fields and constructor parameters.</summary>
    Output,

    /// <summary>ResourceArgs / InvokeArgs of the Output-form invoke: Input&lt;T&gt;, InputList&lt;T&gt;, InputMap&lt;T&gt;.</summary>
    Args,

    /// <summary>The …State class used by Get: like Args, with nested objects as Inputs.XGetArgs.</summary>
    State,

    /// <summary>InvokeArgs of InvokeAsync: plain values.</summary>
    PlainArgs,
}

/// <summary>
/// Compares the hand-written SDK (parsed, not compiled) with the schema, following the rules of
/// pulumi-language-dotnet's code generator. Every Compare* method returns human-readable mismatches;
/// an empty list means the SDK agrees with the schema on that area.
/// </summary>
internal sealed class SdkSchemaComparer
{
    public const string HeaderLine1 =
        "// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***";

    public const string HeaderLine2 =
        "// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***";

    private readonly PulumiSchema _schema;
    private readonly SdkSources _sdk;
    private readonly string _ns;

    public SdkSchemaComparer(PulumiSchema schema, SdkSources sdk)
    {
        _schema = schema;
        _sdk = sdk;
        _ns = schema.RootNamespace;
    }

    private string ResourceTypeAttribute => _schema.NamespaceSegment + "ResourceType";

    public IReadOnlyList<string> CompareAll() =>
        CompareResources().Concat(CompareProvider()).Concat(CompareFunctions()).Concat(CompareTypes())
            .Concat(CompareConfig()).Concat(CompareMetadata()).ToList();

    // ------------------------------------------------------------------ resources

    public IReadOnlyList<string> CompareResources()
    {
        var errors = new List<string>();
        var tokens = new HashSet<string>(StringComparer.Ordinal) { "pulumi:providers:" + _schema.Name };

        foreach (var (token, spec) in _schema.Resources)
        {
            tokens.Add(token);
            var where = $"resource {token}";
            var matches = TypesWithResourceToken(token).ToList();
            if (matches.Count != 1)
            {
                errors.Add($"{where}: expected exactly one class with [{ResourceTypeAttribute}(\"{token}\")], found {matches.Count}");
                continue;
            }

            var cls = matches[0];
            var name = ClassName(token);
            if (cls.Name != name || cls.Namespace != _ns)
            {
                errors.Add($"{where}: class is {cls.FullName}, expected {_ns}.{name}");
            }

            if (!cls.BaseTypes.Contains("global::Pulumi.CustomResource"))
            {
                errors.Add($"{where}: {cls.Name} must derive from global::Pulumi.CustomResource");
            }

            CompareOutputProperties(where, cls, Properties(spec), Names(spec, "required"), isProvider: false, errors);

            var inputs = Properties(spec, "inputProperties");
            var requiredInputs = Names(spec, "requiredInputs");
            var args = RequireClass(where, _ns, name + "Args", "global::Pulumi.ResourceArgs", errors);
            if (args is not null)
            {
                CompareInputs($"{where} {args.Name}", args, inputs, requiredInputs, Shape.Args, isProvider: false, errors);
            }

            // The State class takes every output as an optional input. Codegen writes it from `stateInputs`;
            // when the schema has none we hold the SDK to the resource's outputs.
            var stateProps = spec["stateInputs"] is JsonObject stateInputs ? Properties(stateInputs) : Properties(spec);
            var state = RequireClass(where, _ns, name + "State", "global::Pulumi.ResourceArgs", errors);
            if (state is not null)
            {
                CompareInputs($"{where} {state.Name}", state, stateProps, new HashSet<string>(), Shape.State, isProvider: false, errors);
            }

            CompareSecretOutputs(where, cls, Properties(spec), errors);

            var allOptional = requiredInputs.Count == 0;
            CompareConstructor(where, cls, token,
                new[] { "string name", name + "Args" + (allOptional ? "? args = null" : " args"), "CustomResourceOptions? options = null" },
                errors);

            var get = cls.Decl.Members.OfType<MethodDeclarationSyntax>()
                .Where(m => m.Identifier.Text == "Get" && Syn.IsStatic(m) && Syn.IsPublic(m)).ToList();
            var expectedGet = new[] { "string name", "Input<string> id", name + "State? state = null", "CustomResourceOptions? options = null" };
            if (get.Count != 1)
            {
                errors.Add($"{where}: expected one public static Get method, found {get.Count}");
            }
            else if (Syn.Norm(get[0].ReturnType) != name
                     || !get[0].ParameterList.Parameters.Select(p => Syn.Norm(p)).SequenceEqual(expectedGet.Select(Syn.Norm)))
            {
                errors.Add($"{where}: Get must be `public static {name} Get({string.Join(", ", expectedGet)})`, found `{get[0].ParameterList}`");
            }
        }

        foreach (var t in _sdk.Types)
        {
            foreach (var attr in Syn.Attributes(t.Decl.AttributeLists, ResourceTypeAttribute))
            {
                if (Syn.PositionalString(attr) is { } tok && !tokens.Contains(tok))
                {
                    errors.Add($"{t.FullName}: [{ResourceTypeAttribute}(\"{tok}\")] names a resource the schema does not have");
                }
            }
        }

        return errors;
    }

    // ------------------------------------------------------------------ provider

    public IReadOnlyList<string> CompareProvider()
    {
        var errors = new List<string>();
        var provider = _schema.Provider;
        var token = "pulumi:providers:" + _schema.Name;
        var where = $"provider {token}";
        var cls = _sdk.Find(_ns, "Provider");
        if (cls is null)
        {
            errors.Add($"{where}: class {_ns}.Provider is missing");
            return errors;
        }

        var attr = Syn.Attribute(cls.Decl.AttributeLists, ResourceTypeAttribute);
        if (attr is null || Syn.PositionalString(attr) != token)
        {
            errors.Add($"{where}: Provider must carry [{ResourceTypeAttribute}(\"{token}\")]");
        }

        if (!cls.BaseTypes.Contains("global::Pulumi.ProviderResource"))
        {
            errors.Add($"{where}: Provider must derive from global::Pulumi.ProviderResource");
        }

        CompareOutputProperties(where, cls, Properties(provider), Names(provider, "required"), isProvider: true, errors);
        CompareSecretOutputs(where, cls, Properties(provider), errors);

        var inputs = Properties(provider, "inputProperties");
        var requiredInputs = Names(provider, "requiredInputs");
        CompareConstructor(where, cls, _schema.Name,
            new[] { "string name", requiredInputs.Count == 0 ? "ProviderArgs? args = null" : "ProviderArgs args", "CustomResourceOptions? options = null" },
            errors);

        var args = RequireClass(where, _ns, "ProviderArgs", "global::Pulumi.ResourceArgs", errors);
        if (args is null)
        {
            return errors;
        }

        CompareInputs($"{where} ProviderArgs", args, inputs, requiredInputs, Shape.Args, isProvider: true, errors);

        // Defaults: codegen sets them in the parameterless constructor, env first, then the schema default.
        var ctor = args.Decl.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => c.ParameterList.Parameters.Count == 0);
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var statement in ctor?.Body?.Statements ?? default)
        {
            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } assignment })
            {
                actual[left.Identifier.Text] = Syn.Norm(assignment.Right);
            }
        }

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (wire, spec) in inputs)
        {
            if (DefaultExpression(spec) is { } dv)
            {
                expected[PropertyName(wire)] = Syn.Norm(dv);
            }
        }

        foreach (var (prop, dv) in expected)
        {
            if (!actual.TryGetValue(prop, out var got))
            {
                errors.Add($"{where}: ProviderArgs() must set the default `{prop} = {dv};`");
            }
            else if (got != dv)
            {
                errors.Add($"{where}: ProviderArgs() sets `{prop} = {got}`, expected `{dv}`");
            }
        }

        foreach (var prop in actual.Keys.Except(expected.Keys))
        {
            errors.Add($"{where}: ProviderArgs() sets {prop}, which has no default or defaultInfo in the schema");
        }

        // Every environment variable named by defaultInfo, and no other, is read through Utilities.GetEnv*.
        var expectedEnv = inputs.SelectMany(p => Names(p.Value["defaultInfo"] as JsonObject, "environment")).ToHashSet(StringComparer.Ordinal);
        var actualEnv = args.Decl.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => Syn.Norm(i.Expression).StartsWith("Utilities.GetEnv", StringComparison.Ordinal))
            .SelectMany(i => i.ArgumentList.Arguments.Select(a => Syn.StringLiteral(a.Expression)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var env in expectedEnv.Except(actualEnv))
        {
            errors.Add($"{where}: ProviderArgs never reads environment variable {env} (Utilities.GetEnv…(\"{env}\"))");
        }

        foreach (var env in actualEnv.Except(expectedEnv))
        {
            errors.Add($"{where}: ProviderArgs reads environment variable {env}, which no defaultInfo names");
        }

        return errors;
    }

    // ------------------------------------------------------------------ functions

    public IReadOnlyList<string> CompareFunctions()
    {
        var errors = new List<string>();
        foreach (var (token, spec) in _schema.Functions)
        {
            var where = $"function {token}";
            var name = ClassName(token);
            if (name.Equals("Invoke", StringComparison.OrdinalIgnoreCase) || name.Equals("InvokeAsync", StringComparison.OrdinalIgnoreCase))
            {
                name += "Function";
            }

            var cls = _sdk.Find(_ns, name);
            if (cls is null)
            {
                errors.Add($"{where}: static class {_ns}.{name} is missing");
                continue;
            }

            if (!cls.Decl.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                errors.Add($"{where}: {name} must be a static class");
            }

            var inputs = spec["inputs"] as JsonObject;
            if (spec["outputs"] is not JsonObject outputs)
            {
                errors.Add($"{where}: only functions with an `outputs` object are supported by this check");
                continue;
            }

            var result = name + "Result";
            var hasInputs = inputs is not null && Properties(inputs).Count > 0;
            var allOptional = Names(inputs, "required").Count == 0;
            var sigil = allOptional ? "?" : string.Empty;
            var dflt = allOptional ? " = null" : string.Empty;

            var methods = cls.Decl.Members.OfType<MethodDeclarationSyntax>().ToList();
            CompareInvoke(where, methods, "InvokeAsync", $"Task<{result}>", $"global::Pulumi.Deployment.Instance.InvokeAsync<{result}>", token,
                inputs is null
                    ? new[] { "InvokeOptions? options = null" }
                    : new[] { $"{name}Args{sigil} args{dflt}", "InvokeOptions? options = null" },
                errors);
            CompareInvoke(where, methods, "Invoke", $"Output<{result}>", $"global::Pulumi.Deployment.Instance.Invoke<{result}>", token,
                hasInputs
                    ? new[] { $"{name}InvokeArgs{sigil} args{dflt}", "InvokeOptions? options = null" }
                    : new[] { "InvokeOptions? options = null" },
                errors);
            CompareInvoke(where, methods, "Invoke", $"Output<{result}>", $"global::Pulumi.Deployment.Instance.Invoke<{result}>", token,
                hasInputs
                    ? new[] { $"{name}InvokeArgs args", "InvokeOutputOptions options" }
                    : new[] { "InvokeOutputOptions options" },
                errors);

            var knownMethods = new[] { "InvokeAsync", "Invoke" };
            foreach (var m in methods.Where(m => !knownMethods.Contains(m.Identifier.Text)))
            {
                errors.Add($"{where}: unexpected method {name}.{m.Identifier.Text}");
            }

            if (methods.Count(m => m.Identifier.Text == "Invoke") != 2 || methods.Count(m => m.Identifier.Text == "InvokeAsync") != 1)
            {
                errors.Add($"{where}: expected one InvokeAsync and two Invoke overloads (InvokeOptions, InvokeOutputOptions)");
            }

            if (inputs is not null)
            {
                var props = Properties(inputs);
                var required = Names(inputs, "required");
                var plainArgs = RequireClass(where, _ns, name + "Args", "global::Pulumi.InvokeArgs", errors);
                if (plainArgs is not null)
                {
                    CompareInputs($"{where} {plainArgs.Name}", plainArgs, props, required, Shape.PlainArgs, isProvider: false, errors);
                }

                if (hasInputs)
                {
                    var invokeArgs = RequireClass(where, _ns, name + "InvokeArgs", "global::Pulumi.InvokeArgs", errors);
                    if (invokeArgs is not null)
                    {
                        CompareInputs($"{where} {invokeArgs.Name}", invokeArgs, props, required, Shape.Args, isProvider: false, errors);
                    }
                }
            }

            var resultType = _sdk.Find(_ns, result);
            if (resultType is null)
            {
                errors.Add($"{where}: [OutputType] class {_ns}.{result} is missing");
            }
            else
            {
                CompareOutputType($"{where} {result}", resultType, Properties(outputs), Names(outputs, "required"), errors);
            }
        }

        return errors;
    }

    private static void CompareInvoke(string where, List<MethodDeclarationSyntax> methods, string method, string returns,
        string call, string token, string[] parameters, List<string> errors)
    {
        var wanted = parameters.Select(Syn.Norm).ToList();
        var m = methods.FirstOrDefault(x => x.Identifier.Text == method
                                            && x.ParameterList.Parameters.Select(p => Syn.Norm(p)).SequenceEqual(wanted));
        var signature = $"public static {returns} {method}({string.Join(", ", parameters)})";
        if (m is null)
        {
            errors.Add($"{where}: missing `{signature}`");
            return;
        }

        if (!Syn.IsPublic(m) || !Syn.IsStatic(m) || Syn.Norm(m.ReturnType) != Syn.Norm(returns))
        {
            errors.Add($"{where}: expected `{signature}`, found return type {m.ReturnType}");
        }

        var invocation = m.ExpressionBody?.Expression as InvocationExpressionSyntax
                         ?? m.DescendantNodes().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => Syn.Norm(i.Expression).StartsWith("global::Pulumi.Deployment.Instance.", StringComparison.Ordinal));
        if (invocation is null || Syn.Norm(invocation.Expression) != call)
        {
            errors.Add($"{where}: {method}({string.Join(", ", parameters)}) must call {call}(…)");
            return;
        }

        var first = invocation.ArgumentList.Arguments.FirstOrDefault();
        if (Syn.StringLiteral(first?.Expression) != token)
        {
            errors.Add($"{where}: {method}({string.Join(", ", parameters)}) invokes \"{Syn.StringLiteral(first?.Expression)}\", expected \"{token}\"");
        }
    }

    // ------------------------------------------------------------------ enums and object types

    public IReadOnlyList<string> CompareTypes()
    {
        var errors = new List<string>();

        foreach (var (token, spec) in _schema.EnumTypes)
        {
            var where = $"enum {token}";
            var name = ClassName(token);
            var type = _sdk.Find(_ns, name);
            if (type?.Decl is not StructDeclarationSyntax decl)
            {
                errors.Add($"{where}: readonly struct {_ns}.{name} is missing");
                continue;
            }

            if (Syn.Attribute(decl.AttributeLists, "EnumType") is null)
            {
                errors.Add($"{where}: {name} must carry [EnumType]");
            }

            var actual = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in decl.Members.OfType<PropertyDeclarationSyntax>().Where(p => Syn.IsStatic(p) && Syn.Norm(p.Type) == name))
            {
                var arg = (p.Initializer?.Value as BaseObjectCreationExpressionSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
                actual[p.Identifier.Text] = Syn.StringLiteral(arg) ?? Syn.Norm(arg);
            }

            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var element in (spec["enum"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                var value = element["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : element["value"]?.ToJsonString() ?? "null";
                expected[UpperFirst(Str(element, "name") ?? value)] = value;
            }

            foreach (var (member, value) in expected)
            {
                if (!actual.TryGetValue(member, out var got))
                {
                    errors.Add($"{where}: missing `public static {name} {member} {{ get; }} = new {name}(\"{value}\");`");
                }
                else if (got != value)
                {
                    errors.Add($"{where}: {name}.{member} has value \"{got}\", expected \"{value}\"");
                }
            }

            foreach (var member in actual.Keys.Except(expected.Keys))
            {
                errors.Add($"{where}: {name}.{member} is not a value of the schema enum");
            }
        }

        // Object types, in the files codegen writes for them: Outputs/X.cs where outputs use them,
        // Inputs/XArgs.cs where inputs (or state) use them, Inputs/XGetArgs.cs where state uses them.
        var outputUse = new SortedSet<string>(StringComparer.Ordinal);
        var inputUse = new SortedSet<string>(StringComparer.Ordinal);
        var stateUse = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, spec) in _schema.Resources)
        {
            CollectObjects(Properties(spec), outputUse);
            CollectObjects(Properties(spec, "inputProperties"), inputUse);
            var stateProps = spec["stateInputs"] is JsonObject si ? Properties(si) : Properties(spec);
            CollectObjects(stateProps, inputUse);
            CollectObjects(stateProps, stateUse);
        }

        CollectObjects(Properties(_schema.Provider, "inputProperties"), inputUse);
        foreach (var (_, spec) in _schema.Functions)
        {
            CollectObjects(Properties(spec["outputs"] as JsonObject), outputUse);
            CollectObjects(Properties(spec["inputs"] as JsonObject), inputUse);
        }

        foreach (var token in outputUse)
        {
            var spec = _schema.TypeSpec(token)!;
            var name = ClassName(token);
            var cls = _sdk.Find(_ns + ".Outputs", name);
            if (cls is null)
            {
                errors.Add($"type {token}: [OutputType] class {_ns}.Outputs.{name} is missing");
                continue;
            }

            CompareOutputType($"type {token} Outputs.{name}", cls, Properties(spec), Names(spec, "required"), errors);
        }

        foreach (var (set, suffix, shape) in new[] { (inputUse, "Args", Shape.Args), (stateUse, "GetArgs", Shape.State) })
        {
            foreach (var token in set)
            {
                var spec = _schema.TypeSpec(token)!;
                var name = ClassName(token) + suffix;
                var cls = RequireClass($"type {token}", _ns + ".Inputs", name, "global::Pulumi.ResourceArgs", errors);
                if (cls is not null)
                {
                    CompareInputs($"type {token} Inputs.{name}", cls, Properties(spec), Names(spec, "required"), shape, isProvider: false, errors);
                }
            }
        }

        var expectedOutputs = outputUse.Select(ClassName).ToHashSet(StringComparer.Ordinal);
        foreach (var t in _sdk.InNamespace(_ns + ".Outputs").Where(t => !expectedOutputs.Contains(t.Name)))
        {
            errors.Add($"{t.FullName} ({t.File}) matches no object type the schema uses in outputs");
        }

        var expectedInputs = inputUse.Select(t => ClassName(t) + "Args").Concat(stateUse.Select(t => ClassName(t) + "GetArgs"))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var t in _sdk.InNamespace(_ns + ".Inputs").Where(t => !expectedInputs.Contains(t.Name)))
        {
            errors.Add($"{t.FullName} ({t.File}) matches no object type the schema uses in inputs");
        }

        return errors;
    }

    private void CollectObjects(IEnumerable<KeyValuePair<string, JsonObject>> props, ISet<string> into)
    {
        foreach (var (_, spec) in props)
        {
            CollectObjects(spec, into);
        }
    }

    private void CollectObjects(JsonObject? spec, ISet<string> into)
    {
        if (spec is null)
        {
            return;
        }

        if (LocalRef(spec) is { } token && !_schema.IsEnum(token))
        {
            if (into.Add(token))
            {
                CollectObjects(Properties(_schema.TypeSpec(token)), into);
            }
        }

        CollectObjects(spec["items"] as JsonObject, into);
        CollectObjects(spec["additionalProperties"] as JsonObject, into);
    }

    // ------------------------------------------------------------------ config

    public IReadOnlyList<string> CompareConfig()
    {
        var errors = new List<string>();
        var variables = _schema.ConfigVariables;
        var cls = _sdk.Find(_ns, "Config");
        if (variables.Count == 0)
        {
            if (cls is not null)
            {
                errors.Add("config: the schema has no config variables but the SDK has a Config class");
            }

            return errors;
        }

        if (cls is null || cls.File != "Config/Config.cs")
        {
            errors.Add($"config: static class {_ns}.Config in Config/Config.cs is missing");
            return errors;
        }

        var bag = cls.Decl.Members.OfType<FieldDeclarationSyntax>().FirstOrDefault(f => Syn.FieldName(f) == "__config");
        var bagCreation = bag?.Declaration.Variables[0].Initializer?.Value as BaseObjectCreationExpressionSyntax;
        if (bagCreation is null || Syn.StringLiteral(bagCreation.ArgumentList?.Arguments.FirstOrDefault()?.Expression) != _schema.Name)
        {
            errors.Add($"config: expected `private static readonly global::Pulumi.Config __config = new global::Pulumi.Config(\"{_schema.Name}\");`");
        }

        var properties = cls.Decl.Members.OfType<PropertyDeclarationSyntax>().Where(Syn.IsStatic).ToDictionary(p => p.Identifier.Text);
        var fields = cls.Decl.Members.OfType<FieldDeclarationSyntax>().ToDictionary(Syn.FieldName);
        var expectedNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (key, spec) in variables)
        {
            var where = $"config {_schema.Name}:{key}";
            var propName = PropertyName(key);
            expectedNames.Add(propName);
            string type, getter;
            switch (Str(spec, "type"))
            {
                case "string": (type, getter) = ("string?", "Get"); break;
                case "boolean": (type, getter) = ("bool?", "GetBoolean"); break;
                case "integer": (type, getter) = ("int?", "GetInt32"); break;
                case "number": (type, getter) = ("double?", "GetDouble"); break;
                default:
                    errors.Add($"{where}: only primitive config variables are supported by this check");
                    continue;
            }

            if (!properties.TryGetValue(propName, out var prop))
            {
                errors.Add($"{where}: Config.{propName} is missing");
                continue;
            }

            if (Syn.Norm(prop.Type) != type)
            {
                errors.Add($"{where}: Config.{propName} is {prop.Type}, expected {type}");
            }

            var backing = "_" + key;
            if (!prop.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.Text == backing))
            {
                errors.Add($"{where}: Config.{propName} does not use its backing value {backing}");
            }

            var read = $"__config.{getter}(\"{key}\")";
            if (DefaultExpression(spec) is { } dv)
            {
                read += " ?? " + dv;
            }

            if (!fields.TryGetValue(backing, out var field))
            {
                errors.Add($"{where}: backing field {backing} is missing");
                continue;
            }

            var lambda = (field.Declaration.Variables[0].Initializer?.Value as BaseObjectCreationExpressionSyntax)
                ?.ArgumentList?.Arguments.FirstOrDefault()?.Expression as LambdaExpressionSyntax;
            if (Syn.Norm(field.Declaration.Type) != $"__Value<{type}>" || lambda is null || Syn.Norm(lambda.ExpressionBody) != Syn.Norm(read))
            {
                errors.Add($"{where}: expected `private static readonly __Value<{type}> {backing} = new __Value<{type}>(() => {read});`");
            }

            // Codegen does not mark secret config variables in Config.cs (it reads them with __config.Get);
            // the secret is protected where the value is used: the provider input of the same name.
            if (Flag(spec, "secret"))
            {
                var providerInput = Properties(_schema.Provider, "inputProperties").FirstOrDefault(p => p.Key == key).Value;
                var args = _sdk.Find(_ns, "ProviderArgs");
                var input = args is null ? null : ReadInputs(args, new List<string>()).FirstOrDefault(i => i.Wire == key);
                if (providerInput is null || !Flag(providerInput, "secret"))
                {
                    errors.Add($"{where}: secret config variable has no secret provider input of the same name in the schema");
                }
                else if (input?.Property is null || !SetterCreatesSecret(input.Property))
                {
                    errors.Add($"{where}: secret config variable: ProviderArgs.{propName} must wrap its value with Output.CreateSecret");
                }
            }
        }

        foreach (var extra in properties.Keys.Except(expectedNames))
        {
            errors.Add($"config: Config.{extra} matches no config variable of the schema");
        }

        return errors;
    }

    // ------------------------------------------------------------------ package metadata

    public IReadOnlyList<string> CompareMetadata()
    {
        var errors = new List<string>();
        var files = _sdk.Files;

        var versionTxt = files.TryGetValue("version.txt", out var vt) ? vt.Trim() : null;
        if (versionTxt is null)
        {
            errors.Add("metadata: version.txt is missing");
        }
        else if (_schema.Version is { } sv && sv != versionTxt)
        {
            errors.Add($"metadata: version.txt says {versionTxt}, the schema says {sv}");
        }

        if (!files.TryGetValue("pulumi-plugin.json", out var pluginText))
        {
            errors.Add("metadata: pulumi-plugin.json is missing");
        }
        else
        {
            var plugin = JsonNode.Parse(pluginText) as JsonObject;
            if (plugin?["resource"] is not JsonValue r || !r.TryGetValue<bool>(out var isResource) || !isResource)
            {
                errors.Add("metadata: pulumi-plugin.json must say \"resource\": true");
            }

            if (Str(plugin, "name") != _schema.Name)
            {
                errors.Add($"metadata: pulumi-plugin.json name is {Str(plugin, "name")}, the schema name is {_schema.Name}");
            }

            if (Str(plugin, "version") != versionTxt)
            {
                errors.Add($"metadata: pulumi-plugin.json version is {Str(plugin, "version")}, version.txt says {versionTxt}");
            }

            if (_schema.Version is { } sv && Str(plugin, "version") != sv)
            {
                errors.Add($"metadata: pulumi-plugin.json version is {Str(plugin, "version")}, the schema says {sv}");
            }
        }

        // The version is stamped in exactly two files; nothing else in sdk/ may carry it.
        if (versionTxt is { Length: > 0 })
        {
            var pattern = new System.Text.RegularExpressions.Regex(@"(?<![\w.])" + System.Text.RegularExpressions.Regex.Escape(versionTxt) + @"(?![\w.])");
            foreach (var (path, text) in files.Where(f => f.Key is not "version.txt" and not "pulumi-plugin.json"))
            {
                // Versions of referenced packages are not the package's own version.
                if (text.Split('\n').Any(line => !line.Contains("<PackageReference", StringComparison.Ordinal) && pattern.IsMatch(line)))
                {
                    errors.Add($"metadata: {path} carries the version {versionTxt}; only version.txt and pulumi-plugin.json may");
                }
            }
        }

        var csprojName = _ns + ".csproj";
        if (!files.TryGetValue(csprojName, out var csprojText))
        {
            errors.Add($"metadata: {csprojName} is missing");
        }
        else
        {
            var project = XDocument.Parse(csprojText);
            var items = project.Descendants().ToList();
            var refs = _schema.Root["language"]?["csharp"]?["packageReferences"] as JsonObject;
            foreach (var (package, version) in refs ?? new JsonObject())
            {
                var pr = items.FirstOrDefault(e => e.Name.LocalName == "PackageReference" && (string?)e.Attribute("Include") == package);
                if (pr is null || (string?)pr.Attribute("Version") != version?.GetValue<string>())
                {
                    errors.Add($"metadata: {csprojName} must reference {package} version {version}");
                }
            }

            foreach (var embedded in new[] { "version.txt", "pulumi-plugin.json" })
            {
                if (!items.Any(e => e.Name.LocalName == "EmbeddedResource" && (string?)e.Attribute("Include") == embedded))
                {
                    errors.Add($"metadata: {csprojName} must embed {embedded}");
                }
            }

            if (items.FirstOrDefault(e => e.Name.LocalName == "ManagePackageVersionsCentrally")?.Value.Trim() != "false")
            {
                errors.Add($"metadata: {csprojName} must opt out of central package management (ManagePackageVersionsCentrally=false)");
            }
        }

        foreach (var (path, text) in files.Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var lines = text.Split('\n');
            if (lines.Length < 2 || lines[0].TrimEnd('\r') != HeaderLine1 || lines[1].TrimEnd('\r') != HeaderLine2)
            {
                errors.Add($"metadata: {path} must start with the two-line header naming provider/schema.json");
            }
        }

        foreach (var t in _sdk.Types.Where(t => t.Namespace != _ns && !t.Namespace.StartsWith(_ns + ".", StringComparison.Ordinal)))
        {
            errors.Add($"metadata: {t.FullName} ({t.File}) is outside namespace {_ns}");
        }

        var utilities = _sdk.Find(_ns, "Utilities");
        if (utilities is null
            || !utilities.Decl.DescendantNodes().OfType<LiteralExpressionSyntax>().Any(l => Syn.StringLiteral(l) == _ns + ".version.txt"))
        {
            errors.Add($"metadata: Utilities must read the embedded resource \"{_ns}.version.txt\"");
        }

        var attribute = _sdk.Find(_ns, ResourceTypeAttribute + "Attribute");
        if (attribute is null || !attribute.BaseTypes.Contains("global::Pulumi.ResourceTypeAttribute"))
        {
            errors.Add($"metadata: {ResourceTypeAttribute}Attribute : global::Pulumi.ResourceTypeAttribute is missing");
        }

        return errors;
    }

    // ------------------------------------------------------------------ shared pieces

    private IEnumerable<SdkType> TypesWithResourceToken(string token) =>
        _sdk.Types.Where(t => Syn.Attributes(t.Decl.AttributeLists, ResourceTypeAttribute).Any(a => Syn.PositionalString(a) == token));

    private SdkType? RequireClass(string where, string ns, string name, string baseType, List<string> errors)
    {
        var cls = _sdk.Find(ns, name);
        if (cls is null)
        {
            errors.Add($"{where}: class {ns}.{name} is missing");
            return null;
        }

        if (!cls.BaseTypes.Contains(baseType))
        {
            errors.Add($"{where}: {name} must derive from {baseType}");
        }

        return cls;
    }

    private void CompareOutputProperties(string where, SdkType cls, IReadOnlyList<KeyValuePair<string, JsonObject>> props,
        ISet<string> required, bool isProvider, List<string> errors)
    {
        var actual = new Dictionary<string, PropertyDeclarationSyntax>(StringComparer.Ordinal);
        foreach (var p in cls.Decl.Members.OfType<PropertyDeclarationSyntax>())
        {
            if (Syn.Attribute(p.AttributeLists, "Output") is { } attr)
            {
                var wire = Syn.PositionalString(attr) ?? "?";
                if (!actual.TryAdd(wire, p))
                {
                    errors.Add($"{where}: [Output(\"{wire}\")] appears twice");
                }
            }
        }

        foreach (var (wire, spec) in props)
        {
            if (!actual.TryGetValue(wire, out var p))
            {
                errors.Add($"{where}: output `{wire}` has no [Output(\"{wire}\")] property");
                continue;
            }

            var isRequired = required.Contains(wire);
            var value = isProvider && !IsPrimitive(spec)
                ? "string" + (isRequired ? string.Empty : "?")
                : OutputValue(spec, isRequired);
            var expectedType = $"Output<{value}>";
            if (p.Identifier.Text != PropertyName(wire))
            {
                errors.Add($"{where}: [Output(\"{wire}\")] is on {p.Identifier.Text}, expected {PropertyName(wire)}");
            }

            if (Syn.Norm(p.Type) != Syn.Norm(expectedType))
            {
                errors.Add($"{where}: output `{wire}` is {p.Type}, expected {expectedType}");
            }
        }

        foreach (var wire in actual.Keys.Except(props.Select(p => p.Key)))
        {
            errors.Add($"{where}: [Output(\"{wire}\")] is not an output of the schema");
        }
    }

    private void CompareSecretOutputs(string where, SdkType cls, IReadOnlyList<KeyValuePair<string, JsonObject>> props, List<string> errors)
    {
        var expected = props.Where(p => Flag(p.Value, "secret")).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var options = cls.Decl.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.Text == "MakeResourceOptions");
        if (options is null)
        {
            errors.Add($"{where}: MakeResourceOptions is missing");
            return;
        }

        var body = Syn.Norm(options);
        if (!body.Contains("CustomResourceOptions.Merge(defaultOptions,options)", StringComparison.Ordinal)
            || !body.Contains("Version=Utilities.Version", StringComparison.Ordinal))
        {
            errors.Add($"{where}: MakeResourceOptions must set Version = Utilities.Version and merge with CustomResourceOptions.Merge(defaultOptions, options)");
        }

        var actual = Syn.InitializerStrings(options, "AdditionalSecretOutputs");
        if (!actual.SetEquals(expected))
        {
            errors.Add($"{where}: AdditionalSecretOutputs is [{string.Join(", ", actual.Order())}], the schema's secret outputs are [{string.Join(", ", expected.Order())}]");
        }

        // Codegen lists the outputs marked willReplaceOnChanges as the ReplaceOnChanges option.
        var replacing = props.Where(p => Flag(p.Value, "willReplaceOnChanges")).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var replaceOption = Syn.InitializerStrings(options, "ReplaceOnChanges");
        if (!replaceOption.SetEquals(replacing))
        {
            errors.Add($"{where}: ReplaceOnChanges is [{string.Join(", ", replaceOption.Order())}], the schema's willReplaceOnChanges outputs are [{string.Join(", ", replacing.Order())}]");
        }
    }

    private static void CompareConstructor(string where, SdkType cls, string token, string[] parameters, List<string> errors)
    {
        var wanted = parameters.Select(Syn.Norm).ToList();
        var ctor = cls.Decl.Members.OfType<ConstructorDeclarationSyntax>()
            .FirstOrDefault(c => Syn.IsPublic(c) && c.ParameterList.Parameters.Select(p => Syn.Norm(p)).SequenceEqual(wanted));
        if (ctor is null)
        {
            errors.Add($"{where}: missing public constructor {cls.Name}({string.Join(", ", parameters)})");
            return;
        }

        var first = ctor.Initializer?.ArgumentList.Arguments.FirstOrDefault()?.Expression;
        if (ctor.Initializer?.ThisOrBaseKeyword.IsKind(SyntaxKind.BaseKeyword) != true || Syn.StringLiteral(first) != token)
        {
            errors.Add($"{where}: the constructor must call base(\"{token}\", name, …)");
        }
    }

    private sealed record SdkInput(string Wire, bool Required, bool Json, MemberDeclarationSyntax Member,
        PropertyDeclarationSyntax? Property, string? FieldType);

    private static List<SdkInput> ReadInputs(SdkType cls, List<string> errors)
    {
        var list = new List<SdkInput>();
        var properties = cls.Decl.Members.OfType<PropertyDeclarationSyntax>().ToList();
        foreach (var member in cls.Decl.Members)
        {
            if (Syn.Attribute(member.AttributeLists, "Input") is not { } attr)
            {
                continue;
            }

            var wire = Syn.PositionalString(attr);
            if (wire is null)
            {
                errors.Add($"{cls.FullName}: an [Input] has no wire name");
                continue;
            }

            var required = Syn.NamedBool(attr, "required");
            var json = Syn.NamedBool(attr, "json");
            switch (member)
            {
                case PropertyDeclarationSyntax p:
                    list.Add(new SdkInput(wire, required, json, member, p, null));
                    break;
                case FieldDeclarationSyntax f:
                    var field = Syn.FieldName(f);
                    var owner = properties.FirstOrDefault(p => p.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.Text == field));
                    list.Add(new SdkInput(wire, required, json, member, owner, Syn.Norm(f.Declaration.Type)));
                    break;
            }
        }

        return list;
    }

    private static bool SetterCreatesSecret(PropertyDeclarationSyntax property) =>
        property.AccessorList?.Accessors.Any(a => a.IsKind(SyntaxKind.SetAccessorDeclaration)
                                                  && Syn.Norm(a).Contains("Output.CreateSecret(", StringComparison.Ordinal)) == true;

    private void CompareInputs(string where, SdkType cls, IReadOnlyList<KeyValuePair<string, JsonObject>> props,
        ISet<string> required, Shape shape, bool isProvider, List<string> errors)
    {
        var inputs = ReadInputs(cls, errors);
        foreach (var dup in inputs.GroupBy(i => i.Wire).Where(g => g.Count() > 1))
        {
            errors.Add($"{where}: [Input(\"{dup.Key}\")] appears {dup.Count()} times");
        }

        var byWire = inputs.GroupBy(i => i.Wire).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (wire, spec) in props)
        {
            if (!byWire.TryGetValue(wire, out var input))
            {
                errors.Add($"{where}: input `{wire}` has no [Input(\"{wire}\")]");
                continue;
            }

            var isRequired = required.Contains(wire);
            if (input.Required != isRequired)
            {
                errors.Add($"{where}: [Input(\"{wire}\")] says required: {input.Required.ToString().ToLowerInvariant()}, the schema says {(isRequired ? "required" : "optional")}");
            }

            var expectJson = isProvider && !IsStringLike(spec);
            if (input.Json != expectJson)
            {
                errors.Add($"{where}: [Input(\"{wire}\")] json: {input.Json.ToString().ToLowerInvariant()}, expected json: {expectJson.ToString().ToLowerInvariant()}");
            }

            if (input.Property is null)
            {
                errors.Add($"{where}: [Input(\"{wire}\")] backing field has no property that uses it");
                continue;
            }

            if (input.Property.Identifier.Text != PropertyName(wire))
            {
                errors.Add($"{where}: [Input(\"{wire}\")] belongs to {input.Property.Identifier.Text}, expected {PropertyName(wire)}");
            }

            var secret = Flag(spec, "secret");
            var (propertyType, fieldType) = InputTypes(spec, isRequired, shape, secret);
            if (Syn.Norm(input.Property.Type) != Syn.Norm(propertyType))
            {
                errors.Add($"{where}: input `{wire}` is {input.Property.Type}, expected {propertyType}");
            }

            if (fieldType is null && input.FieldType is not null)
            {
                errors.Add($"{where}: input `{wire}` should be a plain property, not a backing field");
            }
            else if (fieldType is not null && input.FieldType != Syn.Norm(fieldType))
            {
                errors.Add($"{where}: input `{wire}` needs a private backing field of type {fieldType} carrying [Input(\"{wire}\")], found {input.FieldType ?? "none"}");
            }

            var wrapsSecret = SetterCreatesSecret(input.Property);
            if (secret && shape != Shape.PlainArgs && !wrapsSecret)
            {
                errors.Add($"{where}: secret input `{wire}` must wrap its value with Output.CreateSecret in the setter");
            }
            else if (!secret && wrapsSecret)
            {
                errors.Add($"{where}: input `{wire}` is not secret in the schema but its setter makes it secret");
            }
        }

        foreach (var wire in byWire.Keys.Except(props.Select(p => p.Key)))
        {
            errors.Add($"{where}: [Input(\"{wire}\")] is not an input of the schema");
        }
    }

    // ------------------------------------------------------------------ type mapping (pulumi-language-dotnet typeString)

    private static string? LocalRef(JsonObject spec)
    {
        const string prefix = "#/types/";
        return Str(spec, "$ref") is { } r && r.StartsWith(prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(r[prefix.Length..]) : null;
    }

    private static bool IsArray(JsonObject spec) => Str(spec, "$ref") is null && Str(spec, "type") == "array";

    private static bool IsMap(JsonObject spec) => Str(spec, "$ref") is null && Str(spec, "type") == "object" && spec["additionalProperties"] is JsonObject;

    private static bool IsPrimitive(JsonObject spec) =>
        Str(spec, "$ref") is null && Str(spec, "type") is "string" or "integer" or "boolean" or "number";

    private bool IsStringLike(JsonObject spec) =>
        Str(spec, "type") == "string" && Str(spec, "$ref") is null
        || LocalRef(spec) is { } token && _schema.IsEnum(token) && Str(_schema.TypeSpec(token), "type") == "string";

    /// <summary>The element type codegen writes (no Input/Output wrapper, no nullability).</summary>
    private string Element(JsonObject spec, Shape shape)
    {
        if (Str(spec, "$ref") is { } reference)
        {
            var token = LocalRef(spec) ?? throw new NotSupportedException($"external reference {reference}");
            var name = ClassName(token);
            if (_schema.IsEnum(token))
            {
                return $"{_ns}.{name}";
            }

            return shape switch
            {
                Shape.Output => $"Outputs.{name}",
                Shape.State => $"Inputs.{name}GetArgs",
                _ => $"Inputs.{name}Args",
            };
        }

        return Str(spec, "type") switch
        {
            "string" => "string",
            "integer" => "int",
            "boolean" => "bool",
            "number" => "double",
            "array" => $"{(shape == Shape.PlainArgs ? "List" : "ImmutableArray")}<{Element(spec["items"] as JsonObject ?? new JsonObject(), shape)}>",
            "object" when spec["additionalProperties"] is JsonObject values =>
                $"{(shape == Shape.PlainArgs ? "Dictionary" : "ImmutableDictionary")}<string, {Element(values, shape)}>",
            _ => "object",
        };
    }

    /// <summary>Type of an output value: Output&lt;T&gt; argument, [OutputType] field or constructor parameter.</summary>
    private string OutputValue(JsonObject spec, bool required) =>
        Element(spec, Shape.Output) + (!required && !IsArray(spec) ? "?" : string.Empty);

    /// <summary>Type of an input property and, when codegen needs one, of its private backing field.</summary>
    private (string Property, string? Field) InputTypes(JsonObject spec, bool required, Shape shape, bool secret)
    {
        if (shape == Shape.PlainArgs)
        {
            var plain = Element(spec, shape);
            if (IsArray(spec) || IsMap(spec))
            {
                return (plain, plain + "?");
            }

            return secret ? (plain + "?", plain + "?") : (plain + (required ? string.Empty : "?"), null);
        }

        if (IsArray(spec))
        {
            var list = $"InputList<{Element(spec["items"] as JsonObject ?? new JsonObject(), shape)}>";
            return (list, list + "?");
        }

        if (IsMap(spec))
        {
            var map = $"InputMap<{Element((JsonObject)spec["additionalProperties"]!, shape)}>";
            return (map, map + "?");
        }

        var input = $"Input<{Element(spec, shape)}>";
        return secret ? (input + "?", input + "?") : (input + (required ? string.Empty : "?"), null);
    }

    /// <summary>The default-value expression codegen writes (getDefaultValue): env lookup first, then the literal.</summary>
    private static string? DefaultExpression(JsonObject spec)
    {
        var value = string.Empty;
        if (spec["default"] is JsonValue dv)
        {
            value = dv.GetValueKind() switch
            {
                JsonValueKind.String => JsonSerializer.Serialize(dv.GetValue<string>()),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => dv.ToJsonString(),
            };
        }

        var env = Names(spec["defaultInfo"] as JsonObject, "environment");
        var envOrdered = (spec["defaultInfo"]?["environment"] as JsonArray)?.Select(e => e!.GetValue<string>()).ToList() ?? new List<string>();
        if (env.Count > 0)
        {
            var suffix = Str(spec, "type") switch
            {
                "boolean" => "Boolean",
                "integer" => "Int32",
                "number" => "Double",
                _ => string.Empty,
            };
            var call = $"Utilities.GetEnv{suffix}({string.Join(", ", envOrdered.Select(e => JsonSerializer.Serialize(e)))})";
            value = value.Length == 0 ? call : $"{call} ?? {value}";
        }

        return value.Length == 0 ? null : value;
    }

    private void CompareOutputType(string where, SdkType cls, IReadOnlyList<KeyValuePair<string, JsonObject>> props,
        ISet<string> required, List<string> errors)
    {
        if (Syn.Attribute(cls.Decl.AttributeLists, "OutputType") is null)
        {
            errors.Add($"{where}: {cls.Name} must carry [OutputType]");
        }

        var fields = cls.Decl.Members.OfType<FieldDeclarationSyntax>()
            .Where(f => Syn.IsPublic(f) && f.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            .ToDictionary(Syn.FieldName, f => Syn.Norm(f.Declaration.Type), StringComparer.Ordinal);
        var expectedFields = props.ToDictionary(p => PropertyName(p.Key), p => OutputValue(p.Value, required.Contains(p.Key)), StringComparer.Ordinal);
        foreach (var (name, type) in expectedFields)
        {
            if (!fields.TryGetValue(name, out var got))
            {
                errors.Add($"{where}: field `public readonly {type} {name};` is missing");
            }
            else if (got != Syn.Norm(type))
            {
                errors.Add($"{where}: field {name} is {got}, expected {type}");
            }
        }

        foreach (var extra in fields.Keys.Except(expectedFields.Keys))
        {
            errors.Add($"{where}: field {extra} is not a property of the schema type");
        }

        var ctors = cls.Decl.Members.OfType<ConstructorDeclarationSyntax>()
            .Where(c => Syn.Attribute(c.AttributeLists, "OutputConstructor") is not null).ToList();
        if (ctors.Count != 1)
        {
            errors.Add($"{where}: expected one [OutputConstructor], found {ctors.Count}");
            return;
        }

        var actualParams = ctors[0].ParameterList.Parameters.Select(p => $"{Syn.Norm(p.Type)} {p.Identifier.Text}").ToList();
        var expectedParams = props.Select(p => $"{Syn.Norm(OutputValue(p.Value, required.Contains(p.Key)))} {ParameterName(p.Key)}").ToList();
        if (!actualParams.SequenceEqual(expectedParams))
        {
            errors.Add($"{where}: [OutputConstructor] parameters are ({string.Join(", ", actualParams)}), expected ({string.Join(", ", expectedParams)})");
        }
    }
}
