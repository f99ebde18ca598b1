using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.ApiTokens;

/// <summary>Every rule Check enforces, with the property path it is reported on.</summary>
public class ApiTokenCheckTests
{
    private static PropertyMap Valid => Values.Map(("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL" }));

    public static TheoryData<string, object?, string, string> Failures => new()
    {
        { "name", "abcd", "name", "5 to 30" },
        { "name", new string('a', 31), "name", "5 to 30" },
        { "name", "1abcd", "name", "starting and ending with a letter" },
        { "name", "abcd-", "name", "5 to 30" },
        { "name", "ci\u0430token", "name", "5 to 30" }, // Cyrillic 'а'
        { "name", "ci token", "name", "5 to 30" },
        { "name", "ci-token\n", "name", "\\u000a" },
        { "name", 42, "name", "must be a string, not number" },
        { "permissions", null, "permissions", "required" },
        { "permissions", Array.Empty<string>(), "permissions", "at least one" },
        { "permissions", "TASKS_VIEW_ALL", "permissions", "must be a list" },
        { "permissions", new[] { "TASKS_VIEW_ALL", "TASKS_VIEW_ALL" }, "permissions[1]", "duplicate" },
        { "permissions", new[] { "tasks_view_all" }, "permissions[0]", "is not a permission" },
        { "permissions", new object[] { 7 }, "permissions[0]", "must be a permission, not number" },
        { "comment", 3.5, "comment", "must be a string" },
        { "comment", new string('c', 1001), "comment", "at most 1000" },
        { "rotationTriggers", "monthly", "rotationTriggers", "must be a map of strings" },
        { "rotationTriggers", new Dictionary<string, object?> { ["n"] = 1 }, "rotationTriggers.n", "must be a string" },
        { "extra", "x", "extra", "unknown property" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_bad_input_fails_on_its_property(string key, object? value, string path, string reason)
    {
        var news = value is null ? Valid.Remove(key) : Valid.Set(key, Values.Of(value));
        var failures = new ApiTokenProbe().Check(news);
        failures.Should().ContainSingle().Which.Should().Match<ProviderHost.Resources.CheckFailure>(f => f.Property == path && f.Reason.Contains(reason));
    }

    [Fact]
    public void Unknowns_and_secrets_pass_wherever_they_are()
    {
        var news = Values.Map(
            ("name", Values.Secret(PropertyValue.Computed)),
            ("permissions", new object?[] { PropertyValue.Computed, "TASKS_VIEW_ALL" }),
            ("comment", Values.Secret("secret comment")),
            ("rotationTriggers", PropertyValue.Computed));
        new ApiTokenProbe().Check(news).Should().BeEmpty();
        new ApiTokenProbe().Check(Valid.Set("permissions", PropertyValue.Computed)).Should().BeEmpty();
    }

    [Fact]
    public void A_well_formed_unknown_permission_passes_with_a_warning()
    {
        var probe = new ApiTokenProbe();
        var failures = probe.Check(Valid.Set("permissions", Values.Of(new[] { "TASKS_VIEW_ALL", "SCAN_URLS" })));
        var warnings = probe.Warnings;
        failures.Should().BeEmpty();
        warnings.Should().ContainSingle().Which.Should().Contain("SCAN_URLS");
    }

    [Fact]
    public void Values_marked_secret_are_never_quoted_in_failures_or_warnings()
    {
        var news = Valid
            .Set("name", Values.Secret("1-hidden-name"))
            .Set("permissions", Values.Of(new object?[] { Values.Secret("HIDDEN_PERMISSION"), Values.Secret("bad hidden"), "TASKS_VIEW_ALL" }));
        var probe = new ApiTokenProbe();
        var failures = probe.Check(news);
        var warnings = probe.Warnings;

        failures.Select(f => f.Property).Should().Equal("name", "permissions[1]");
        warnings.Should().ContainSingle();
        var texts = failures.Select(f => f.Reason).Concat(warnings).ToList();
        texts.Should().OnlyContain(t => t.Contains("[secret]"));
        texts.Should().NotContain(t => t.Contains("hidden", StringComparison.OrdinalIgnoreCase) || t.Contains("HIDDEN_PERMISSION"));
    }

    [Fact]
    public void A_long_name_is_quoted_short_in_the_reason()
    {
        var failures = new ApiTokenProbe().Check(Valid.Set("name", PropertyValue.From(new string('x', 10_000))));
        failures.Single().Reason.Length.Should().BeLessThan(300);
    }
}
