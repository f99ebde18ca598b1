using ProviderHost.Values;

namespace ProviderHost.Tests.Values;

/// <summary>The map is one sorted array: its order, its lookups and its builder's merging must hold at any size.</summary>
public class PropertyMapTests
{
    private static PropertyValue V(string text) => PropertyValue.From(text);

    [Fact]
    public void Entries_come_out_in_ordinal_key_order_whatever_the_order_they_were_set_in()
    {
        var map = PropertyMap.Empty.Set("b", V("2")).Set("a", V("1")).Set("B", V("0")).Set("ab", V("3"));

        map.Keys.Should().Equal("B", "a", "ab", "b");
        map.Select(kv => kv.Value.StringValue).Should().Equal("0", "1", "3", "2");
        map["ab"].StringValue.Should().Be("3");
        map.Find("c").Should().BeNull();
        map.ContainsKey("A").Should().BeFalse();
    }

    [Fact]
    public void Set_and_Remove_leave_the_original_map_as_it_was()
    {
        var original = PropertyMap.Empty.Set("a", V("1")).Set("c", V("3"));

        var changed = original.Set("a", V("one")).Set("b", V("2")).Remove("c");

        original.Keys.Should().Equal("a", "c");
        original["a"].StringValue.Should().Be("1");
        changed.Keys.Should().Equal("a", "b");
        changed["a"].StringValue.Should().Be("one");
        changed.Remove("a").Remove("b").Should().BeSameAs(PropertyMap.Empty);
        changed.Remove("missing").Should().BeSameAs(changed);
    }

    [Fact]
    public void The_builder_keeps_the_value_set_last_for_a_key_set_more_than_once_in_any_order()
    {
        var builder = new PropertyMap.Builder();
        foreach (var key in new[] { "z", "a", "m", "a", "z", "b", "a" }) builder[key] = V(key + builder.Count);

        builder.TryGetValue("a", out var lastA).Should().BeTrue();
        lastA!.StringValue.Should().Be("a6");
        var map = builder.ToMap();

        map.Keys.Should().Equal("a", "b", "m", "z");
        map.Select(kv => kv.Value.StringValue).Should().Equal("a6", "b5", "m2", "z4");
        builder.Count.Should().Be(0, "the builder hands its entries over to the map");
    }

    [Fact]
    public void A_builder_of_thousands_of_keys_keeps_every_one_across_its_growth()
    {
        var builder = new PropertyMap.Builder();
        var keys = Enumerable.Range(0, 5000).Select(i => $"key{(i * 7919) % 5000:D4}").ToList();
        foreach (var key in keys) builder[key] = V(key);
        builder["key0001"] = V("again");

        var map = builder.ToMap();

        map.Count.Should().Be(5000);
        map.Keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
        map.Where(kv => kv.Key != "key0001").Should().OnlyContain(kv => kv.Value.StringValue == kv.Key);
        map["key0001"].StringValue.Should().Be("again");
        new PropertyMap.Builder(map).ToMap().Should().Equal(map);
    }

    [Fact]
    public void Maps_with_the_same_entries_are_equal_and_hash_alike_however_they_were_built()
    {
        var set = PropertyMap.Empty.Set("x", V("1")).Set("y", PropertyValue.Secret(V("2")));
        var built = PropertyMap.From([KeyValuePair.Create("y", PropertyValue.Secret(V("2"))), KeyValuePair.Create("x", V("1"))]);

        built.Should().Equal(set);
        built.Equals(set).Should().BeTrue();
        built.GetHashCode().Should().Be(set.GetHashCode());
        set.Set("y", V("2")).Equals(set).Should().BeFalse("secrecy counts");
        set.Set("y", V("2")).SameContent(set).Should().BeTrue("whatever is marked secret");
    }

    [Fact]
    public void SetAll_sets_every_entry_of_the_other_map_in_one_ordered_map_or_all_but_its_nulls()
    {
        var inputs = PropertyMap.Empty.Set("b", V("in-b")).Set("d", V("in-d")).Set("f", V("in-f"));
        var outputs = PropertyMap.Empty.Set("a", V("out-a")).Set("b", V("out-b")).Set("d", PropertyValue.Null).Set("g", V("out-g"));

        var merged = inputs.SetAll(outputs, exceptNulls: true);

        merged.Keys.Should().Equal("a", "b", "d", "f", "g");
        merged.Select(kv => kv.Value.StringValue).Should().Equal("out-a", "out-b", "in-d", "in-f", "out-g");
        inputs.SetAll(outputs)["d"].IsNull.Should().BeTrue("without exceptNulls a null is set as any value");
        inputs.SetAll(PropertyMap.Empty).Should().BeSameAs(inputs);
        inputs.SetAll(PropertyMap.Empty.Set("x", PropertyValue.Null), exceptNulls: true).Should().BeSameAs(inputs);
        inputs.SetAll(inputs).Should().BeSameAs(inputs, "setting the same values changes nothing");
        PropertyMap.Empty.SetAll(outputs, exceptNulls: true).Keys.Should().Equal("a", "b", "g");
    }
}
