using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ProviderHost.Values;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.Tests.Configuration;

/// <summary>
/// caCertificate as a path: only a regular file (or a symlink to one) of at most 1 MiB is read, and nothing else
/// ever blocks or fills memory. The same bound holds for PEM text.
/// </summary>
public sealed class CaCertificateParsingTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);
    private readonly string directory = Directory.CreateTempSubdirectory("ptsandbox-ca-parsing-").FullName;
    private readonly string pem = CertificatePem();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Parse(string value) => SettingsParser.ParseCaCertificate(PropertyValue.From(value));

    private static string CertificatePem()
    {
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }

    private string PemFileOf(int bytes)
    {
        var path = Path.Combine(directory, $"ca-{bytes}.pem");
        File.WriteAllText(path, pem + new string('\n', bytes - pem.Length));
        new FileInfo(path).Length.Should().Be(bytes);
        return path;
    }

    /// <summary>Runs the parser on a worker thread, so a parser that blocks fails the test instead of hanging it.</summary>
    private static async Task<string> ReasonAsync(string value)
    {
        var parsing = Task.Run(() => Parse(value));
        var error = await FluentActions.Awaiting(() => parsing.WaitAsync(Quickly)).Should().ThrowAsync<FormatException>();
        return error.Which.Message;
    }

    [Fact]
    public async Task A_fifo_is_refused_without_opening_it()
    {
        var fifo = Path.Combine(directory, "ca.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync();

        (await ReasonAsync(fifo)).Should().Be($"\"{fifo}\" is not a regular file (it is a FIFO)");
    }

    [Fact]
    public async Task A_character_device_is_refused_before_any_read() =>
        (await ReasonAsync("/dev/zero")).Should().Be("\"/dev/zero\" is not a regular file (it is a character device)");

    [Fact]
    public async Task A_directory_is_refused() =>
        (await ReasonAsync(directory)).Should().Be($"\"{directory}\" is not a regular file (it is a directory)");

    [Fact]
    public async Task A_unix_socket_is_refused()
    {
        var path = Path.Combine(directory, "ca.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        (await ReasonAsync(path)).Should().Be($"\"{path}\" is not a regular file (it is a socket)");
    }

    [Fact]
    public async Task A_file_over_1_MiB_is_refused()
    {
        var path = PemFileOf(2 * 1024 * 1024);

        (await ReasonAsync(path)).Should().Be($"\"{path}\" is larger than 1 MiB");
    }

    [Fact]
    public async Task The_bound_is_exactly_1_MiB()
    {
        Parse(PemFileOf(CaCertificateFile.MaxBytes)).Should().StartWith(pem);
        (await ReasonAsync(PemFileOf(CaCertificateFile.MaxBytes + 1))).Should().EndWith("is larger than 1 MiB");
    }

    [Fact]
    public async Task A_file_whose_reported_size_is_wrong_is_still_read_no_further_than_the_bound()
    {
        // A regular file that reports 0 bytes and holds megabytes: only reading can tell, and the reading stops.
        const string lyingFile = "/proc/kallsyms";
        new FileInfo(lyingFile).Length.Should().Be(0);

        (await ReasonAsync(lyingFile)).Should().Be($"\"{lyingFile}\" is larger than 1 MiB");
    }

    [Fact]
    public void A_symlink_to_a_pem_file_is_read()
    {
        var target = Path.Combine(directory, "ca.pem");
        File.WriteAllText(target, pem);
        var link = Path.Combine(directory, "link.pem");
        File.CreateSymbolicLink(link, target);

        Parse(link).Should().Be(pem);
    }

    [Fact]
    public async Task A_missing_file_or_a_path_through_a_file_is_not_an_existing_file()
    {
        var file = PemFileOf(pem.Length);
        const string reason = "is neither PEM text (-----BEGIN CERTIFICATE-----) nor the path of an existing file";

        (await ReasonAsync(Path.Combine(directory, "missing.pem"))).Should().Be(reason);
        (await ReasonAsync(Path.Combine(file, "below-a-file.pem"))).Should().Be(reason);
        (await ReasonAsync(file + "\0.txt")).Should().Be(reason);
    }

    [Fact]
    public async Task Pem_text_over_1_MiB_is_refused_without_quoting_it()
    {
        var text = pem + new string('\n', CaCertificateFile.MaxBytes);

        var reason = await ReasonAsync(text);

        reason.Should().Be("is larger than 1 MiB");
        Parse(text[..CaCertificateFile.MaxBytes]).Should().Be(text[..CaCertificateFile.MaxBytes]);
    }
}
