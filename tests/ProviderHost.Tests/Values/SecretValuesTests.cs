using ProviderHost.Values;
using SecretText;

namespace ProviderHost.Tests.Values;

/// <summary>What a request's secret values register with the redactor: their text, whatever their kind and depth.</summary>
public class SecretValuesTests
{
    [Fact]
    public void A_secret_number_registers_its_digits_not_the_text_that_prints_a_secret()
    {
        var map = PropertyMap.Empty
            .Set("pin", PropertyValue.Secret(PropertyValue.From(987654321)))
            .Set("nested", PropertyValue.Secret(PropertyValue.From([PropertyValue.From(1234.5)])));
        var redactor = new SecretRedactor();

        SecretValues.Register(map, redactor);

        redactor.Redact("pin 987654321, amount 1234.5, shown as [secret]").Should().Be("pin ***, amount ***, shown as [secret]");
        SecretValues.Texts(map).Should().BeEquivalentTo("987654321", "1234.5");
    }
}
