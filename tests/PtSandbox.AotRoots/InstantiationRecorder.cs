using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text;
using System.Text.RegularExpressions;

namespace PtSandbox.AotRoots;

/// <summary>
/// Listens to Microsoft.Extensions.DependencyInjection's EventSource and keeps the closed generic types of every call
/// site it builds (service and implementation types, at any depth), plus the arrays it allocates for IEnumerable
/// services. Under Native AOT these are the types the run-time type loader would otherwise construct at start-up.
/// </summary>
internal sealed partial class InstantiationRecorder : EventListener
{
    private readonly ConcurrentQueue<string> _callSites = new();
    private int _written;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Extensions-DependencyInjection")
            EnableEvents(source, EventLevel.Verbose, EventKeywords.All);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        // CallSiteBuilt(serviceType, callSite JSON, ...): the JSON names every type of the call-site tree.
        if (e.EventName == "CallSiteBuilt" && e.Payload is [_, string callSite, ..])
            _callSites.Enqueue(callSite);
    }

    /// <summary>Appends "assembly TAB type" lines to <paramref name="path"/>, once per process.</summary>
    public void AppendTo(string path)
    {
        if (Interlocked.Exchange(ref _written, 1) == 1) return;
        var types = new HashSet<Type>();
        var names = new TypeNames();
        foreach (var callSite in _callSites)
            foreach (Match match in TypeInCallSite().Matches(callSite))
                Collect(names.Resolve(match.Groups[1].Value), types);

        var lines = types.Where(t => t.IsConstructedGenericType || t.IsArray).Select(t => $"{RdXml.AssemblyOf(t)}\t{RdXml.NameOf(t)}\n");
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(Encoding.UTF8.GetBytes(string.Concat(lines))); // one write: processes append side by side
    }

    private static void Collect(Type type, HashSet<Type> types)
    {
        if (!type.IsConstructedGenericType) return;
        if (type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            // DI answers IEnumerable<T> with a T[] it creates at run time.
            var item = type.GetGenericArguments()[0];
            types.Add(item.MakeArrayType());
            Collect(item, types);
            return;
        }
        types.Add(type);
        foreach (var argument in type.GetGenericArguments()) Collect(argument, types);
    }

    [GeneratedRegex("\"(?:serviceType|implementationType)\": *\"([^\"]+)\"")]
    private static partial Regex TypeInCallSite();
}
