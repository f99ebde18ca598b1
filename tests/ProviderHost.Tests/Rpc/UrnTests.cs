using ProviderHost.Rpc;

namespace ProviderHost.Tests.Rpc;

/// <summary>The name and type an engine that omits them leaves in the URN, as splitting it at its first three "::" finds them.</summary>
public class UrnTests
{
    [Theory]
    [InlineData("urn:pulumi:dev::proj::ptsandbox:index:ApiToken::ci-token", "ptsandbox:index:ApiToken", "ci-token")]
    [InlineData("urn:pulumi:dev::proj::my:comp:Parent$ptsandbox:index:ApiToken::child", "ptsandbox:index:ApiToken", "child")]
    [InlineData("urn:pulumi:dev::proj::a$b$pkg:mod:T::name::with::colons", "pkg:mod:T", "name::with::colons")]
    [InlineData("urn:pulumi:dev::proj::pkg:mod:T::", "pkg:mod:T", "")]
    [InlineData("urn:pulumi:dev::proj::::n", "", "n")]
    [InlineData("urn:pulumi:dev:::::pkg:mod:T::n", ":pkg:mod:T", "n")]
    public void Type_and_name_are_read_after_the_second_and_third_separator(string urn, string type, string name)
    {
        Urn.Type(urn).Should().Be(type).And.Be(SplitType(urn));
        Urn.Name(urn).Should().Be(name).And.Be(SplitName(urn));
    }

    [Theory]
    [InlineData("")]
    [InlineData("urn:pulumi:dev")]
    [InlineData("urn:pulumi:dev::proj")]
    [InlineData("urn:pulumi:dev::proj::pkg:mod:T")]
    [InlineData("urn:pulumi:dev::proj::pkg:mod:T:")]
    public void A_urn_without_three_separators_has_neither(string urn)
    {
        Urn.Type(urn).Should().BeEmpty();
        Urn.Name(urn).Should().BeEmpty();
    }

    // The reading the URN format defines: split at "::" into at most four parts.
    private static string SplitType(string urn)
    {
        var parts = urn.Split("::", 4);
        return parts.Length < 4 ? "" : parts[2][(parts[2].LastIndexOf('$') + 1)..];
    }

    private static string SplitName(string urn)
    {
        var parts = urn.Split("::", 4);
        return parts.Length < 4 ? "" : parts[3];
    }
}
