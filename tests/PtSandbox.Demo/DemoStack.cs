using PtSandbox.Harness;

namespace PtSandbox.Demo;

/// <summary>The stack's state as the engine keeps it between commands: resources in creation order.</summary>
internal sealed class DemoStack
{
    private readonly List<ResourceState> _resources = [];

    public IReadOnlyList<ResourceState> Resources => _resources;

    public ResourceState Get(string name) =>
        _resources.Find(r => r.Name == name) ?? throw new DemoFailure($"'{name}' is not in the stack's state");

    public ResourceState? Find(string name) => _resources.Find(r => r.Name == name);

    public void Save(ResourceState state)
    {
        var index = _resources.FindIndex(r => r.Name == state.Name);
        if (index >= 0) _resources[index] = state;
        else _resources.Add(state);
    }

    public void Remove(string name) => _resources.RemoveAll(r => r.Name == name);
}

/// <summary>The demo saw something other than what it promises to show: the message says what.</summary>
internal class DemoFailure(string message) : Exception(message)
{
    /// <summary>Fails the demo unless <paramref name="condition"/> holds; <paramref name="what"/> says what was expected.</summary>
    public static void Expect(bool condition, string what)
    {
        if (!condition) throw new DemoFailure("expected: " + what);
    }
}
