using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.ApiTokens;

public class ApiTokenDiffTests
{
    private static PropertyMap Olds => Values.Map(
        ("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL", "SCAN_WITH_PREDEFINED_SETTINGS" }),
        ("comment", "x"), ("rotationTriggers", new Dictionary<string, string> { ["r"] = "1" }));

    [Fact]
    public void Same_inputs_in_another_order_or_with_secret_wrappers_do_not_diff()
    {
        var news = Olds
            .Set("permissions", Values.Of(new[] { "SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL" }))
            .Set("comment", Values.Secret("x"));
        new ApiTokenProbe().Diff(Olds, news).Changes.Should().Be(DiffChanges.None);
    }

    [Fact]
    public void An_absent_empty_or_null_comment_are_the_same()
    {
        var without = Olds.Remove("comment");
        new ApiTokenProbe().Diff(without, Olds.Set("comment", PropertyValue.From(""))).Changes.Should().Be(DiffChanges.None);
        new ApiTokenProbe().Diff(without, Olds.Set("comment", PropertyValue.Null)).Changes.Should().Be(DiffChanges.None);
    }

    [Theory]
    [InlineData("name", PropertyDiffKind.UpdateReplace)]
    [InlineData("permissions", PropertyDiffKind.UpdateReplace)]
    [InlineData("comment", PropertyDiffKind.UpdateReplace)]
    [InlineData("rotationTriggers", PropertyDiffKind.UpdateReplace)]
    public void Any_change_replaces_and_is_reported_in_diffs_and_detailedDiff(string key, PropertyDiffKind kind)
    {
        var changed = key switch
        {
            "permissions" => Values.Of(new[] { "TASKS_VIEW_ALL" }),
            "rotationTriggers" => Values.Of(new Dictionary<string, string> { ["r"] = "2" }),
            _ => PropertyValue.From("other-token"),
        };
        var diff = new ApiTokenProbe().Diff(Olds, Olds.Set(key, changed));

        diff.Changes.Should().Be(DiffChanges.Some);
        diff.Diffs.Should().Equal(key);
        diff.Replaces.Should().Equal(key);
        diff.DetailedDiff!.Should().ContainKey(key).WhoseValue.Kind.Should().Be(kind);
        diff.DeleteBeforeReplace.Should().BeFalse("create-before-delete keeps a valid token at every moment");
    }

    [Fact]
    public void Adding_and_removing_optional_inputs_are_add_and_delete_replacements()
    {
        new ApiTokenProbe().Diff(Olds.Remove("comment"), Olds).DetailedDiff!["comment"].Kind.Should().Be(PropertyDiffKind.AddReplace);
        new ApiTokenProbe().Diff(Olds, Olds.Remove("rotationTriggers")).DetailedDiff!["rotationTriggers"].Kind.Should().Be(PropertyDiffKind.DeleteReplace);
    }

    [Fact]
    public void An_unknown_new_value_in_preview_is_a_replacement()
    {
        var diff = new ApiTokenProbe().Diff(Olds, Olds.Set("name", PropertyValue.Computed));
        diff.Replaces.Should().Equal("name");
    }
}
