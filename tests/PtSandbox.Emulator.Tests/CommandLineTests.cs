namespace PtSandbox.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var result = CommandLine.Parse([]);
        result.Error.Should().BeNull();
        result.Options.Should().Be(new EmulatorOptions());
        result.Options!.Port.Should().Be(0);
        result.Options.Http.Should().BeFalse();
        result.Options.Username.Should().Be("admin");
        result.Options.Password.Should().Be("admin");
        result.Options.BearerTtl.Should().Be(TimeSpan.FromSeconds(480));
    }

    [Fact]
    public void Every_flag_is_parsed()
    {
        var result = CommandLine.Parse([
            "--port", "8443", "--http", "--username", "bob", "--password=pw", "--bearer-ttl", "1.5",
            "--unique-names", "--list-deleted", "--list-limit", "10", "--state", "/tmp/s.json", "--cert-out", "/tmp/c.pem",
        ]);
        result.Error.Should().BeNull();
        result.Options.Should().Be(new EmulatorOptions
        {
            Port = 8443,
            Http = true,
            Username = "bob",
            Password = "pw",
            BearerTtl = TimeSpan.FromSeconds(1.5),
            UniqueNames = true,
            ListDeleted = true,
            ListLimit = 10,
            StatePath = "/tmp/s.json",
            CertOut = "/tmp/c.pem",
        });
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised(string flag) => CommandLine.Parse(["--http", flag]).Help.Should().BeTrue();

    [Theory]
    [InlineData("--verbose")]
    [InlineData("--port")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "abc")]
    [InlineData("--bearer-ttl", "0")]
    [InlineData("--bearer-ttl", "-5")]
    [InlineData("--username")]
    [InlineData("--http=yes")]
    [InlineData("extra")]
    public void Bad_arguments_are_errors(params string[] args)
    {
        var result = CommandLine.Parse(args);
        result.Error.Should().NotBeNullOrEmpty();
        result.Options.Should().BeNull();
    }

    [Fact]
    public void Usage_mentions_every_flag()
    {
        foreach (var flag in new[] { "--port", "--http", "--cert-out", "--username", "--password", "--bearer-ttl", "--unique-names", "--list-deleted", "--list-limit", "--state", "--help" })
            CommandLine.Usage.Should().Contain(flag);
    }
}
