using System.Security.Cryptography;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>What one `pulumi up` did to a resource of a <see cref="Stack"/>.</summary>
public enum Step { Create, Same, Update, Replace }

/// <summary>
/// One resource's state moved through the calls the engine makes for `pulumi up` (optionally reading the resource
/// back first, as engines that honour refresh_before_update do), refresh and destroy; its outputs can be edited by
/// hand, as `pulumi stack export`/`import` allow.
/// </summary>
internal sealed class Stack(ApiTokenInProcess provider)
{
    public string Id { get; private set; } = "";
    public PropertyMap Inputs { get; private set; } = PropertyMap.Empty;
    public PropertyMap Outputs { get; private set; } = PropertyMap.Empty;
    public bool Gone { get; private set; }
    public bool RefreshBeforeUpdate { get; init; }

    public DiffResult DiffWith(PropertyMap program)
    {
        var checkedInputs = provider.CheckAsync(Inputs, program, RandomNumberGenerator.GetBytes(32)).GetAwaiter().GetResult();
        checkedInputs.Failures.Should().BeEmpty();
        return provider.Diff(Id, Outputs, Inputs, checkedInputs.Inputs);
    }

    public void EditOutputs(Func<PropertyMap, PropertyMap> edit) => Outputs = edit(Outputs);

    public async Task<Step> UpAsync(PropertyMap program)
    {
        if (Id.Length > 0 && RefreshBeforeUpdate)
        {
            await RefreshAsync();
            if (Gone) (Id, Inputs, Outputs, Gone) = ("", PropertyMap.Empty, PropertyMap.Empty, false);
        }
        var checkedInputs = await provider.CheckAsync(Inputs, program, RandomNumberGenerator.GetBytes(32));
        checkedInputs.Failures.Should().BeEmpty();
        if (Id.Length == 0)
        {
            await CreateAsync(checkedInputs.Inputs);
            return Step.Create;
        }
        var diff = provider.Diff(Id, Outputs, Inputs, checkedInputs.Inputs);
        if (diff.Changes == DiffChanges.None) return Step.Same;
        if (diff.Replaces.Count > 0)
        {
            var (oldId, oldInputs, oldOutputs) = (Id, Inputs, Outputs);
            var replacement = await provider.CheckAsync(PropertyMap.Empty, program, RandomNumberGenerator.GetBytes(32));
            await CreateAsync(replacement.Inputs);
            await provider.DeleteAsync(oldId, oldOutputs, oldInputs);
            return Step.Replace;
        }
        try
        {
            var updated = await provider.UpdateAsync(Id, Outputs, Inputs, checkedInputs.Inputs);
            (Inputs, Outputs) = (checkedInputs.Inputs, updated.Outputs);
        }
        catch (ResourceInitFailedException partial)
        {
            // The engine records what a partial update returns, and shows its reasons as the error.
            (Inputs, Outputs) = (partial.Inputs, partial.Outputs);
            throw;
        }
        return Step.Update;
    }

    public async Task RefreshAsync()
    {
        var read = await provider.ReadAsync(Id, Outputs, Inputs);
        Gone = read.IsGone;
        if (!Gone) (Id, Inputs, Outputs) = (read.Id, read.Inputs, read.Outputs);
    }

    public Task DestroyAsync() => provider.DeleteAsync(Id, Outputs, Inputs);

    private async Task CreateAsync(PropertyMap inputs)
    {
        var created = await provider.CreateAsync(inputs);
        (Id, Inputs, Outputs) = (created.Id, inputs, created.Outputs);
    }
}
