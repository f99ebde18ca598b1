using System.Net;
using System.Net.Http.Headers;

namespace PtSandbox.Client.Http;

/// <summary>
/// A JSON request body that reports when the client starts to send it. A request may reach the sandbox from that
/// moment on and not before: one built and then dropped (its call cancelled before it left) never did.
/// </summary>
internal sealed class SentJsonContent : ByteArrayContent
{
    private readonly Action onSending;

    public SentJsonContent(byte[] json, Action onSending) : base(json)
    {
        this.onSending = onSending;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        onSending();
        return base.SerializeToStreamAsync(stream, context);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        onSending();
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        onSending();
        base.SerializeToStream(stream, context, cancellationToken);
    }
}
