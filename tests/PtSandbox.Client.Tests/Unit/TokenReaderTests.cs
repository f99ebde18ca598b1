using System.Text;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Tests.Unit;

/// <summary>The token listing and the create answer, read field by field from well-formed and hostile bodies.</summary>
public class TokenReaderTests
{
    private const string Entry = """{"id": 7, "name": "abcde", "permissions": ["TASKS_VIEW_ALL"], "creatorLogin": "admin", "created": 1700000000.5}""";

    [Fact]
    public void Listing_tolerates_unknown_fields_unknown_permissions_and_null_optionals()
    {
        var listing = TokenReader.ReadListing(Bytes("""
            {"total": 2, "nextPage": "x", "entries": [
              {"id": 7, "name": "abcde", "comment": null, "permissions": ["SCAN_WITH_EXTENDED_SETTINGS", "SOMETHING_NEW"],
               "creatorLogin": "admin", "created": 1700000000.5, "modified": null, "deleted": null,
               "entryPoint": {"id": "ep1", "name": "Main", "extra": true}, "surprise": [1, 2]},
              {"id": "8", "name": "fghij", "permissions": [], "created": "1700000001"}
            ]}
            """));

        listing.Total.Should().Be(2);
        listing.IsComplete.Should().BeTrue();
        listing.Entries[0].Should().BeEquivalentTo(new SandboxToken(7, "abcde", null, ["SCAN_WITH_EXTENDED_SETTINGS", "SOMETHING_NEW"], "admin",
            1700000000.5, null, null, new TokenEntryPoint("ep1", "Main")));
        listing.Entries[1].Id.Should().Be(8);
        listing.Entries[1].CreatorLogin.Should().Be("");
        listing.Entries[1].Created.Should().Be(1700000001);
    }

    [Theory]
    [InlineData("{}", "no \"entries\" array")]
    [InlineData("""{"error": "maintenance"}""", "no \"entries\" array")]
    [InlineData("""{"data": {"total": 0, "entries": []}}""", "no \"entries\" array")]
    [InlineData("""{"entries": []}""", "no \"total\" count")]
    [InlineData("""{"total": "1", "entries": []}""", "no \"total\" count")]
    [InlineData("""{"total": -1, "entries": []}""", "no \"total\" count")]
    [InlineData("""{"total": 0, "entries": {}}""", "no \"entries\" array")]
    [InlineData("[]", "the listing is a list, not an object")]
    [InlineData("null", "the listing is null, not an object")]
    [InlineData("""{"total": 1, "entries": [{"name": "abcde", "permissions": [], "created": 1}]}""", "listing entry 0: \"id\" is missing")]
    [InlineData("""{"total": 1, "entries": [{"id": 0, "name": "abcde", "permissions": [], "created": 1}]}""", "\"id\" is a number, not a positive integer")]
    [InlineData("""{"total": 1, "entries": [{"id": "x7", "name": "abcde", "permissions": [], "created": 1}]}""", "\"id\" is a string, not a positive integer")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": null, "created": 1}]}""", "\"permissions\" is missing")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": [1], "created": 1}]}""", "\"permissions\" is a list, not a list of permission names")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": [], "created": "yesterday"}]}""", "\"created\" is a string, not a time")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": [], "created": 1, "deleted": "soon"}]}""", "\"deleted\" is a string, not a time")]
    [InlineData("""{"total": 1, "entries": [3]}""", "listing entry 0: a number, not a token object")]
    public void A_listing_of_another_shape_is_an_error_never_an_empty_listing(string body, string problem)
    {
        var act = () => TokenReader.ReadListing(Bytes(body));
        act.Should().Throw<WireFormatException>().Which.Message.Should().Contain(problem);
    }

    [Theory]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "id": 8, "name": "abcde", "permissions": [], "created": 1}]}""")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": [], "created": 1, "deleted": null, "deleted": 2}]}""")]
    [InlineData("""{"total": 1, "entries": [], "entries": []}""")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "\u0069d": 8, "name": "abcde", "permissions": [], "created": 1}]}""")]
    [InlineData("""{"total": 1, "entries": [{"id": 7, "name": "abcde", "permissions": [], "created": 1, "entry_point": {"id": "a", "id": "b"}}]}""")]
    public void A_listing_that_gives_a_field_twice_contradicts_itself_and_is_an_error(string body)
    {
        var act = () => TokenReader.ReadListing(Bytes(body));
        act.Should().Throw<WireFormatException>();
    }

    [Fact]
    public void A_token_deleted_before_it_was_created_is_an_error()
    {
        var act = () => TokenReader.ReadListing(Bytes($$"""{"total": 1, "entries": [{{Entry.Replace("}", ", \"deleted\": 0}", StringComparison.Ordinal)}}]}"""));
        act.Should().Throw<WireFormatException>().WithMessage("*\"deleted\" is earlier than \"created\"*");
    }

    [Theory]
    [InlineData("<html>")]
    [InlineData("""{"total": 0, "entries": []} {"total": 1, "entries": []}""")]
    [InlineData("""{"total": 0, "entries": []},""")]
    [InlineData("""{"total": 0, "entries": [""")]
    public void A_body_that_is_not_one_JSON_value_is_an_error(string body)
    {
        var act = () => TokenReader.ReadListing(Bytes(body));
        act.Should().Throw<WireFormatException>().WithMessage("not JSON");
    }

    [Fact]
    public void A_listing_nested_deeper_than_the_reader_allows_is_not_JSON_wherever_the_nesting_is()
    {
        var deep = new string('[', 70) + new string(']', 70);
        var deepEntry = Entry[..Entry.LastIndexOf('}')] + ", \"extra\": " + deep + "}";
        foreach (var body in new[]
        {
            $$"""{"total": 1, "entries": [{{deepEntry}}]}""",
            $$"""{"total": 1, "ignored": {{deep}}, "entries": []}""",
        })
        {
            var act = () => TokenReader.ReadListing(Bytes(body));
            act.Should().Throw<WireFormatException>().WithMessage("not JSON");
        }
    }

    [Fact]
    public void A_listing_with_whitespace_around_it_is_read()
    {
        TokenReader.ReadListing(Bytes($$"""{{"\n\t "}}{"total": 1, "entries": [{{Entry}}]}{{"\r\n "}}""")).Entries.Should().ContainSingle();
    }

    [Fact]
    public void Two_live_entries_under_one_id_are_an_error_but_a_deleted_one_beside_a_live_one_is_not()
    {
        var deleted = Entry.Replace("}", ", \"deleted\": 1700000100}", StringComparison.Ordinal);
        var listing = TokenReader.ReadListing(Bytes($$"""{"total": 2, "entries": [{{deleted}}, {{Entry}}]}"""));
        listing.FindLive(7).Should().NotBeNull().And.Be(listing.Entries[1]);

        var act = () => TokenReader.ReadListing(Bytes($$"""{"total": 2, "entries": [{{Entry}}, {{Entry}}]}"""));
        act.Should().Throw<WireFormatException>().WithMessage("token id 7 is listed twice as live");
    }

    [Fact]
    public void A_deleted_flag_or_an_ISO_time_reads_as_deleted()
    {
        var flagged = TokenReader.ReadListing(Bytes($$"""{"total": 1, "entries": [{{Entry.Replace("}", ", \"deleted\": true}", StringComparison.Ordinal)}}]}"""));
        flagged.FindLive(7).Should().BeNull();
        var iso = TokenReader.ReadListing(Bytes($$"""{"total": 1, "entries": [{{Entry.Replace("}", ", \"deleted\": \"2026-11-29T10:00:00Z\"}", StringComparison.Ordinal)}}]}"""));
        iso.Entries[0].Deleted.Should().Be(DateTimeOffset.Parse("2026-11-29T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
    }

    [Fact]
    public void A_paged_listing_is_not_complete()
    {
        TokenReader.ReadListing(Bytes($$"""{"total": 5, "entries": [{{Entry}}]}""")).IsComplete.Should().BeFalse();
    }

    [Fact]
    public void A_complete_create_answer_has_no_problems()
    {
        var answer = TokenReader.ReadCreateAnswer(Bytes(Entry.Replace("}", ", \"token\": \"S3cret-Value-1\", \"key\": \"hash-1\"}", StringComparison.Ordinal)));

        answer.Secret.Should().Be("S3cret-Value-1");
        answer.Id.Should().Be(7);
        answer.Key.Should().Be("hash-1");
        answer.Token!.Name.Should().Be("abcde");
        answer.Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"created\": 1700000000.5", "\"created\": {\"at\": 1}", "\"created\" is an object, not a time")]
    [InlineData("\"creatorLogin\": \"admin\"", "\"creatorLogin\": 42", "\"creatorLogin\" is a number, not text")]
    [InlineData("\"permissions\": [\"TASKS_VIEW_ALL\"]", "\"permissions\": \"TASKS_VIEW_ALL\"", "\"permissions\" is a string")]
    public void A_create_answer_with_one_unusable_field_keeps_the_secret_and_the_id_and_names_the_field(string field, string replacement, string problem)
    {
        const string secret = "S3cret-Value-2";
        var body = Entry.Replace(field, replacement, StringComparison.Ordinal).Replace("}", $", \"token\": \"{secret}\"}}", StringComparison.Ordinal);
        var answer = TokenReader.ReadCreateAnswer(Bytes(body));

        answer.Secret.Should().Be(secret);
        answer.Id.Should().Be(7);
        answer.Token.Should().BeNull();
        answer.Problems.Should().ContainSingle().Which.Should().Contain(problem).And.NotContain(secret);
    }

    [Fact]
    public void A_create_answer_with_an_unusable_id_keeps_the_secret_and_no_id()
    {
        var answer = TokenReader.ReadCreateAnswer(Bytes("""{"id": "seven", "name": "abcde", "permissions": [], "created": 1, "token": "S3cret-Value-3"}"""));

        answer.Secret.Should().Be("S3cret-Value-3");
        answer.Id.Should().BeNull();
        answer.Problems.Should().ContainSingle().Which.Should().Be("\"id\" is a string, not a positive integer");
    }

    [Theory]
    [InlineData("S3cret-Value-4")]
    [InlineData("sha:S3cret-Value-4")]
    public void A_key_that_shows_the_secret_is_dropped_as_a_problem(string key)
    {
        var answer = TokenReader.ReadCreateAnswer(Bytes(Entry.Replace("}", $", \"token\": \"S3cret-Value-4\", \"key\": \"{key}\"}}", StringComparison.Ordinal)));

        answer.Key.Should().BeNull();
        answer.Problems.Should().ContainSingle().Which.Should().Contain("holds the secret itself").And.NotContain("S3cret");
    }

    [Theory]
    [InlineData("", "the answer is not JSON")]
    [InlineData("{\"token\": \"S3cret", "the answer is not JSON")]
    [InlineData("[1]", "the answer is a list, not an object")]
    [InlineData("{\"id\": 7}", "no secret (\"token\") in the answer")]
    [InlineData("{\"id\": 7, \"token\": 5}", "no secret (\"token\") in the answer")]
    public void A_create_answer_without_a_usable_secret_says_so(string body, string problem)
    {
        var answer = TokenReader.ReadCreateAnswer(Bytes(body));
        answer.Secret.Should().BeNull();
        answer.Problems.Should().Contain(problem);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
