using System.Text.Encodings.Web;
using System.Text.Json;
using SecretText;

namespace PtSandbox.Client.Tests.Unit;

/// <summary>Masking secrets in every form a server or a log may carry them, and cutting text without leaving a piece of one.</summary>
public class SecretRedactorTests
{
    // Non-ASCII, HTML-sensitive, JSON-sensitive and URL-sensitive characters all at once.
    private const string Password = "Pä$$ & + ' < > \" \\ wörd/€";

    [Fact]
    public void Masks_a_secret_raw()
    {
        Redactor(Password).Redact($"login failed for {Password}.").Should().Be("login failed for ***.");
    }

    public static TheoryData<string> EncodedForms() =>
    [
        JsonSerializer.Serialize(Password),
        JsonSerializer.Serialize(Password, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        PythonAsciiJson(Password, "x4"),
        PythonAsciiJson(Password, "X4"),
        Uri.EscapeDataString(Password),
        Uri.EscapeDataString(Password).Replace("%20", "+", StringComparison.Ordinal),
        System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(Password), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
        System.Net.WebUtility.HtmlEncode(Password),
        HtmlEncoder.Default.Encode(Password),
        System.Net.WebUtility.UrlEncode(Password),
    ];

    [Theory]
    [MemberData(nameof(EncodedForms))]
    public void Masks_a_secret_in_any_escaped_or_encoded_form(string encoded)
    {
        var text = $"{{\"echo\": {encoded}, \"next\": 1}}";
        var masked = Redactor(Password).Redact(text);
        masked.Should().Contain("***").And.Contain("\"next\": 1").And.Contain("\"echo\": ");
        ShowsNoPiece(masked, encoded);
    }

    [Fact]
    public void Masks_a_form_echo_of_the_whole_login()
    {
        var form = $"username=admin&password={System.Net.WebUtility.UrlEncode(Password)}&authType=0";
        Redactor(Password).Redact(form).Should().Be("username=admin&password=***&authType=0");
    }

    [Fact]
    public void Masks_the_first_twelve_characters_of_a_secret_the_server_cut_short()
    {
        const string secret = "Hardening-Pa55w0rd-q7Zk";
        Redactor(secret).Redact("bad password 'Hardening-Pa55' given").Should().Be("bad password '***' given");
        Redactor(secret).Redact("bad password 'Hardening-Pa' given").Should().Be("bad password '***' given");
        Redactor(secret).Redact("bad password 'Hardening-P' given").Should().Be("bad password 'Hardening-P' given", "eleven characters are not enough to tell");
        Redactor(secret).Redact("bad password 'dening-Pa55w0' given").Should().Be("bad password '***' given", "any twelve characters of it are enough");
    }

    [Theory]
    [InlineData(200)]
    [InlineData(30)]
    [InlineData(35)]
    [InlineData(40)]
    public void A_cut_never_leaves_the_start_of_a_secret(int maxLength)
    {
        const string secret = "Hardening-Pa55w0rd-q7Zk";
        var redactor = Redactor(secret);
        // The secret straddles every cut: whatever is kept must not end with any of its prefixes.
        for (var start = 0; start < maxLength + 5; start++)
        {
            var text = new string('x', start) + secret[..Math.Min(secret.Length, 11)];
            var line = redactor.OneLine(text, maxLength, sourceWasCut: true);
            for (var k = 1; k < secret.Length; k++)
                line.TrimEnd('…').Should().NotEndWith(secret[..k], $"a cut at {maxLength} after {start} characters");
        }
    }

    [Fact]
    public void A_JSON_escaped_secret_split_by_a_cut_leaves_no_prefix()
    {
        var redactor = Redactor(Password);
        var escaped = JsonSerializer.Serialize(Password).Trim('"');
        for (var k = 1; k < escaped.Length; k++)
        {
            var line = redactor.OneLine("echo: " + escaped[..k], 200, sourceWasCut: true).TrimEnd('…');
            for (var j = 1; j <= k; j++)
                line.Should().NotEndWith(escaped[..j], $"{k} characters of the escaped secret were given");
            line.Should().NotContain("Pä$$");
        }
    }

    [Fact]
    public void Removes_terminal_escapes_and_control_characters()
    {
        var line = Redactor().OneLine("HTTP 500 \u001b[31mred\u001b[0m\u0007 bell\b \u001b]0;title\u0007 \u202eevil\u202c end\r\nnext", 200);
        line.Should().Be("HTTP 500 red bell evil end next");
    }

    [Fact]
    public void A_secret_split_by_control_characters_is_still_masked()
    {
        Redactor("hunter22-pass").OneLine("echo hun\u0007ter22-\u001b[0mpass done", 200).Should().Be("echo *** done");
    }

    [Fact]
    public void A_short_secret_is_masked_only_where_it_stands_alone_and_a_blank_one_not_at_all()
    {
        var redactor = Redactor("Qx7", "    ", "");
        redactor.Count.Should().Be(1);
        redactor.Redact("password=Qx7&user=Qx7a, Qx7.").Should().Be("password=***&user=Qx7a, ***.");
        redactor.Redact("aQx7 Qx77").Should().Be("aQx7 Qx77");
    }

    [Fact]
    public void Any_run_of_twelve_characters_of_a_secret_is_masked_even_with_one_character_mangled()
    {
        const string secret = "Zürich-Geheimnis-2024-Long";
        var redactor = Redactor(secret);
        redactor.Redact("rejected: Z\uFFFDrich-Geheimnis-2024-Long.").Should().Be("rejected: Z\uFFFD***.");
        redactor.Redact("rejected: Z\u00FCrich-Geheimnis").Should().Be("rejected: ***");
        redactor.Redact("Geheimnis-20 is not").Should().Be("*** is not");
        redactor.Redact("Geheimnis-2 is not").Should().Be("Geheimnis-2 is not", "eleven characters are not enough to tell");
    }

    [Theory]
    [InlineData("Z%FCrich-Geheimnis-2024-Long", "Latin-1 form encoding")]
    [InlineData("Z&uuml;rich-Geheimnis-2024-Long", "an HTML named entity")]
    [InlineData("%7B%22p%22%3A%22Z%5Cu00fcrich-Geheimnis-2024-Long%22%7D", "JSON inside a URL-encoded field")]
    [InlineData("Z%2526uuml%253Brich-Geheimnis-2024-Long", "HTML inside URL inside URL")]
    public void A_secret_is_masked_through_other_encodings_and_nested_escapes(string echoed, string how)
    {
        Redactor("Zürich-Geheimnis-2024-Long").Redact($"rejected: {echoed} end").Should().NotContain("rich-Geh", how).And.EndWith(" end");
    }

    [Fact]
    public void Several_secrets_overlapping_are_masked_once()
    {
        Redactor("bearer-abc-123", "abc-123-cookie").Redact("x bearer-abc-123-cookie y").Should().Be("x *** y");
    }

    [Fact]
    public void A_secret_added_later_is_masked_from_then_on()
    {
        var redactor = Redactor("first-secret");
        redactor.Redact("second-secret").Should().Be("second-secret");
        redactor.Add("second-secret");
        redactor.Redact("first-secret second-secret").Should().Be("*** ***");
    }

    [Fact]
    public void The_index_finds_every_secret_it_had_while_another_thread_grows_it()
    {
        // A search reads the index without a lock while the redactor grows it (under its lock) by the secrets added
        // since. Here one thread keeps searching for the newest secret the index had when the search began, while
        // another keeps adding secrets; each secret begins with a character no other one has, so that a search
        // stays short. Every search must find its secret, and none may fail.
        var index = new SecretIndex();
        string? newest = null;
        var missed = 0;
        Exception? failure = null;
        var growing = 1;
        var searcher = new Thread(() =>
        {
            try
            {
                while (Volatile.Read(ref growing) == 1)
                {
                    if (Volatile.Read(ref newest) is not { } secret) continue;
                    var text = secret[..SecretRedactor.PieceLength];
                    var found = false;
                    index.Find(text, (from, to) => found |= from == 0 && to == text.Length);
                    if (!found) Interlocked.Increment(ref missed);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        searcher.Start();
        for (var i = 0; i < 3000; i++)
        {
            var secret = (char)(0x4E00 + i) + Guid.NewGuid().ToString("N");
            index.Add(secret);
            Volatile.Write(ref newest, secret);
        }
        Volatile.Write(ref growing, 0);
        searcher.Join();
        failure.Should().BeNull();
        missed.Should().Be(0);
    }

    [Fact]
    public void A_secret_is_masked_by_the_thread_that_added_it_while_another_thread_is_indexing_it()
    {
        // Masking any text grows the index by the secrets added since. Once Add has returned, a text masked by that
        // thread must hide the secret, even while another thread has taken it from the queue and is still indexing it.
        var redactor = new SecretRedactor();
        for (var i = 0; i < 3000; i++) redactor.Add($"preloaded-{i:D5}-{Guid.NewGuid():N}");
        redactor.Redact("index them");
        var asked = 0;
        var answered = 0;
        var running = true;
        var grower = new Thread(() =>
        {
            while (Volatile.Read(ref running))
            {
                var ask = Volatile.Read(ref asked);
                if (ask == Volatile.Read(ref answered)) continue;
                redactor.Redact("any other text grows the index");
                Volatile.Write(ref answered, ask);
            }
        });
        grower.Start();
        var shown = 0;
        for (var round = 0; round < 300; round++)
        {
            var secret = $"fresh-{round:D5}-{Guid.NewGuid():N}";
            redactor.Add(secret);
            Volatile.Write(ref asked, round + 1);
            Thread.SpinWait(20 * (round % 10)); // lets the other thread take the secret from the queue first, more or less
            do
            {
                if (redactor.Redact($"x {secret} y") != "x *** y") shown++;
            }
            while (Volatile.Read(ref answered) != round + 1);
        }
        Volatile.Write(ref running, false);
        grower.Join();
        shown.Should().Be(0);
    }

    [Fact]
    public void One_line_collapses_whitespace_and_truncates_without_splitting_a_surrogate_pair()
    {
        var redactor = Redactor();
        redactor.OneLine("  a \r\n\t b  ", 10).Should().Be("a b");
        redactor.OneLine(new string('y', 50), 10).Should().Be(new string('y', 9) + "…");
        redactor.OneLine("abcdefgh\U0001F600z", 10).Should().Be("abcdefgh…");
    }

    private static SecretRedactor Redactor(params string[] secrets)
    {
        var redactor = new SecretRedactor();
        foreach (var secret in secrets) redactor.Add(secret);
        return redactor;
    }

    /// <summary>No run of 6+ characters of the encoded secret, nor of the raw one, survives.</summary>
    private static void ShowsNoPiece(string text, string encoded)
    {
        foreach (var form in new[] { Password, encoded.Trim('"') })
            for (var i = 0; i + 6 <= form.Length; i++)
            {
                var piece = form.Substring(i, 6);
                if (piece.Trim().Length < 6 || piece.Contains("\\u00", StringComparison.Ordinal) || piece.Contains('%') || piece.Contains('&')) continue;
                text.Should().NotContain(piece);
            }
    }

    /// <summary>JSON as Python's json.dumps writes it: ASCII only, hex digits in <paramref name="hex"/> case.</summary>
    private static string PythonAsciiJson(string text, string hex) =>
        "\"" + string.Concat(text.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            > '\u007e' => "\\u" + ((int)c).ToString(hex, System.Globalization.CultureInfo.InvariantCulture),
            _ => c.ToString(),
        })) + "\"";
}
