namespace PtSandbox.Client.Tests.Unit;

public class LoginNamesTests
{
    [Theory]
    [InlineData("admin", "admin", true)]
    [InlineData("ADMIN", "admin", true)]
    [InlineData("CORP\\admin", "admin", true)]
    [InlineData("admin", "CORP\\admin", true)]
    [InlineData("admin@corp.example", "CORP\\admin", true)]
    [InlineData("CORP\\admin", "corp\\ADMIN", true)]
    [InlineData("EVIL\\admin", "CORP\\admin", false)]
    [InlineData("admin@evil.example", "admin@corp.example", false)]
    [InlineData("", "admin", false)]
    [InlineData("admin2", "admin", false)]
    [InlineData("adm\u0131n", "admin", false)]
    [InlineData("bob", "admin", false)]
    public void A_creator_login_names_our_user_in_any_directory_form_and_only_then(string creator, string username, bool same) =>
        LoginNames.Same(creator, username).Should().Be(same);
}
