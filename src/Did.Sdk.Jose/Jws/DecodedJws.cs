// A parsed, not yet verified JWS (RFC 7515 §3 and §7).
using System.Text;
using System.Text.Json.Nodes;

namespace Did.Sdk.Jose;

/// <summary>
/// A structurally valid JWS whose signature has not necessarily been checked. Produced by
/// <see cref="Jws.Decode(string, int)"/>; returned by <see cref="JwsVerifier"/> only after verification.
/// </summary>
public sealed class DecodedJws
{
    private readonly byte[] _payload;
    private readonly byte[] _signature;
    private readonly ReadOnlyMemory<char> _payloadSegment;
    private byte[]? _signingInput;

    internal DecodedJws(JsonObject protectedHeader, JsonObject? unprotectedHeader, string encodedProtectedHeader, byte[] payload, byte[] signature, ReadOnlyMemory<char> payloadSegment, string algorithm, bool isPayloadEncoded)
    {
        ProtectedHeader = protectedHeader;
        UnprotectedHeader = unprotectedHeader;
        EncodedProtectedHeader = encodedProtectedHeader;
        _payload = payload;
        _signature = signature;
        _payloadSegment = payloadSegment;
        Algorithm = algorithm;
        IsPayloadEncoded = isPayloadEncoded;
    }

    /// <summary>The protected header, parsed strictly. Owned by this instance: do not modify it.</summary>
    public JsonObject ProtectedHeader { get; }

    /// <summary>The unprotected header of a JWS JSON serialization, or null (always null for compact).</summary>
    public JsonObject? UnprotectedHeader { get; }

    /// <summary>The base64url protected header segment as received.</summary>
    public string EncodedProtectedHeader { get; }

    /// <summary>The <c>alg</c> header value exactly as received (not necessarily supported).</summary>
    public string Algorithm { get; }

    /// <summary>The <c>kid</c> header value, if a string.</summary>
    public string? KeyId => GetString("kid");

    /// <summary>The <c>typ</c> header value, if a string.</summary>
    public string? Type => GetString("typ");

    /// <summary>False when the header carries <c>b64: false</c> (RFC 7797 unencoded payload).</summary>
    public bool IsPayloadEncoded { get; }

    /// <summary>The payload bytes (decoded from base64url unless <see cref="IsPayloadEncoded"/> is false).</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The signature bytes.</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>The JWS signing input: ASCII(protected) '.' payload segment.</summary>
    public ReadOnlyMemory<byte> SigningInput => _signingInput ??= BuildSigningInput();

    /// <summary>A header parameter from the protected header, else the unprotected one; null when absent.</summary>
    public JsonNode? GetHeaderParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ProtectedHeader.TryGetPropertyValue(name, out var value))
        {
            return value;
        }

        return UnprotectedHeader is not null && UnprotectedHeader.TryGetPropertyValue(name, out value) ? value : null;
    }

    // Built on first use: the payload segment is shared by every signature of a JWS JSON serialization.
    private byte[] BuildSigningInput()
    {
        int headerLength = Encoding.UTF8.GetByteCount(EncodedProtectedHeader);
        var input = new byte[headerLength + 1 + Encoding.UTF8.GetByteCount(_payloadSegment.Span)];
        Encoding.UTF8.GetBytes(EncodedProtectedHeader, input);
        input[headerLength] = (byte)'.';
        Encoding.UTF8.GetBytes(_payloadSegment.Span, input.AsSpan(headerLength + 1));
        return input;
    }

    private string? GetString(string name)
        => JoseJson.TryGetString(GetHeaderParameter(name), out string? value) ? value : null;
}
