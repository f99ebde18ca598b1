using System.Text;
using ProviderHost.Values;

namespace ProviderHost.Tests.Values;

/// <summary>The table of recent keys only ever hands back a string equal to the bytes asked for, whatever it holds.</summary>
public class KeyNamesTests
{
    [Fact]
    public void The_same_short_ASCII_key_comes_back_as_one_string()
    {
        var first = KeyNames.Find("permissions"u8);
        var second = KeyNames.Find(Encoding.ASCII.GetBytes("permissions"));

        first.Should().Be("permissions");
        second.Should().BeSameAs(first);
    }

    [Fact]
    public void Keys_it_does_not_keep_are_left_to_the_decoder()
    {
        KeyNames.Find([]).Should().BeNull();
        KeyNames.Find(Encoding.UTF8.GetBytes("clé")).Should().BeNull("not ASCII");
        KeyNames.Find(Encoding.ASCII.GetBytes(new string('k', 33))).Should().BeNull("longer than a property name");
    }

    [Fact]
    public void Thousands_of_distinct_keys_sharing_slots_each_come_back_as_themselves()
    {
        var keys = Enumerable.Range(0, 5000).Select(i => $"key{i}").ToList();
        for (var round = 0; round < 2; round++)
            foreach (var key in keys)
                KeyNames.Find(Encoding.ASCII.GetBytes(key)).Should().Be(key);
    }
}
