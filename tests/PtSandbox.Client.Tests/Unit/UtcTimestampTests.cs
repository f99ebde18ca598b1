using System.Globalization;
using PtSandbox.Client;

namespace PtSandbox.Client.Tests.Unit;

/// <summary>The hand-written format and its fast reading must agree with .NET's own, at the edges too.</summary>
public class UtcTimestampTests
{
    public static TheoryData<string> Times => new()
    {
        "0001-01-01T00:00:00.000+00:00",
        "1970-01-01T00:00:00.001+00:00",
        "2024-02-29T23:59:59.999+00:00",
        "2026-11-29T19:21:50.742+03:00",
        "9999-12-31T23:59:59.999+00:00",
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Formats_as_the_framework_formats_utc_with_milliseconds(string time)
    {
        var value = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

        UtcTimestamp.Format(value).Should().Be(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        UtcTimestamp.Parse(UtcTimestamp.Format(value)).Should().Be(value);
    }

    [Theory]
    [InlineData("2026-11-29T19:21:50.742Z")]
    [InlineData("2026-11-29T19:21:50Z")]
    [InlineData("2026-11-29T22:21:50.742+03:00")]
    [InlineData("2026-11-29 19:21:50")]
    [InlineData("2026-11-29")]
    public void Reads_what_the_general_parser_reads_taking_utc_when_no_offset_is_named(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        UtcTimestamp.Parse(text).Should().Be(expected);
        UtcTimestamp.Parse(text)!.Value.Offset.Should().Be(expected.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-02-30T00:00:00.000Z")]
    [InlineData("2026-13-01T00:00:00.000Z")]
    [InlineData("2026-11-29T24:00:00.000Z")]
    [InlineData("2026-11-29T19:60:00.000Z")]
    [InlineData("0000-01-01T00:00:00.000Z")]
    [InlineData("2026-11-29T19:21:5x.742Z")]
    [InlineData("٢٠٢٦-11-29T19:21:50.742Z")]
    [InlineData("not a time")]
    public void Is_null_for_text_that_is_no_time(string? text) => UtcTimestamp.Parse(text).Should().BeNull();

    [Fact]
    public void IsFormatted_holds_only_for_the_time_in_exactly_the_written_form()
    {
        var time = new DateTimeOffset(2026, 11, 29, 19, 21, 50, 742, TimeSpan.Zero);

        UtcTimestamp.IsFormatted("2026-11-29T19:21:50.742Z", time).Should().BeTrue();
        UtcTimestamp.IsFormatted("2026-11-29T22:21:50.742+03:00", time).Should().BeFalse("the same time, written otherwise");
        UtcTimestamp.IsFormatted("2026-11-29T19:21:50.743Z", time).Should().BeFalse();
        UtcTimestamp.IsFormatted(null, time).Should().BeFalse();
    }
}
