// The payload segment of a JWS (RFC 7515 §7.1, §7.2; RFC 7797 §5), decoded at most once per form.
namespace Did.Sdk.Jose;

/// <summary>
/// A payload segment shared by all signatures of one JWS, so that a JSON serialization with many
/// signatures decodes its payload once (base64url, or UTF-8 for RFC 7797 unencoded payloads).
/// </summary>
internal sealed class JwsPayload(ReadOnlyMemory<char> segment)
{
    private byte[]? _decoded;
    private bool _decodeFailed;
    private byte[]? _unencoded;

    /// <summary>The segment as received: a string of its own, or a slice of the compact JWS.</summary>
    public ReadOnlyMemory<char> Segment { get; } = segment;

    /// <summary>The base64url-decoded payload, or null when the segment is not canonical base64url.</summary>
    public byte[]? GetDecoded()
    {
        if (_decoded is null && !_decodeFailed)
        {
            if (Base64Url.TryDecode(Segment.Span, out byte[]? decoded))
            {
                _decoded = decoded;
            }
            else
            {
                _decodeFailed = true;
            }
        }

        return _decoded;
    }

    /// <summary>The UTF-8 bytes of an unencoded payload.</summary>
    public byte[] GetUnencoded() => _unencoded ??= System.Text.Encoding.UTF8.GetBytes(Segment.ToArray());
}
