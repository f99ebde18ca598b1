using System.Text.Json;
using PtSandbox.Emulator.Json;

namespace PtSandbox.Emulator.State;

/// <summary>Loads and saves <c>--state</c>: tokens (without secrets) and the next id.</summary>
internal static class StateFile
{
    public static PersistedState? Load(string path)
    {
        if (!File.Exists(path))
            return null;
        var bytes = File.ReadAllBytes(path);
        return JsonSerializer.Deserialize(bytes, EmulatorJson.Context.PersistedState)
               ?? throw new InvalidDataException($"State file '{path}' is empty");
    }

    /// <summary>Writes a temp file next to the target and renames it over, so a crash never leaves half a file.</summary>
    public static void Save(string path, PersistedState state)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(state, EmulatorJson.Context.PersistedState));
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
