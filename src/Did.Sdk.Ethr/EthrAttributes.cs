// did:ethr method specification, "Non-Ethereum Attributes": did/pub/(Secp256k1|Ed25519|X25519)/
// (veriKey|sigAuth|enc)/(hex|base64|base58) for public keys and did/svc/<ServiceName> for services; the
// registry stores the name as bytes32 (UTF-8, right-padded with zeros).
using System.Text;
using System.Text.Json;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethr;

/// <summary>Builds the attribute names and values that did:ethr resolvers turn into verification methods and services.</summary>
public static class EthrAttributes
{
    private static readonly string[] KeyTypes = ["Secp256k1", "Ed25519", "X25519"];
    private static readonly string[] Purposes = ["veriKey", "sigAuth", "enc"];

    /// <summary>
    /// The attribute name of a public key: <c>did/pub/&lt;keyType&gt;/&lt;purpose&gt;/hex</c>, with
    /// <paramref name="keyType"/> Secp256k1, Ed25519 or X25519 and <paramref name="purpose"/>
    /// veriKey (assertion), sigAuth (assertion and authentication) or enc (key agreement). The value is
    /// the raw key bytes (written as hex by the resolver).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown key type or purpose.</exception>
    public static string PublicKeyName(string keyType, string purpose)
    {
        if (!KeyTypes.Contains(keyType, StringComparer.Ordinal))
        {
            throw new ArgumentException("The key type is Secp256k1, Ed25519 or X25519.", nameof(keyType));
        }

        if (!Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            throw new ArgumentException("The purpose is veriKey, sigAuth or enc.", nameof(purpose));
        }

        return $"did/pub/{keyType}/{purpose}/hex";
    }

    /// <summary>The attribute name and raw value of <paramref name="key"/> (Ed25519, X25519, or secp256k1 compressed).</summary>
    /// <exception cref="ArgumentException">A key type the did:ethr attributes do not carry (P-256).</exception>
    public static (string Name, byte[] Value) PublicKey(VerificationKey key, string purpose)
    {
        ArgumentNullException.ThrowIfNull(key);
        var keyType = key.KeyType switch
        {
            KeyType.Ed25519 => "Ed25519",
            KeyType.X25519 => "X25519",
            KeyType.Secp256k1 => "Secp256k1",
            _ => throw new ArgumentException($"did:ethr attributes carry Secp256k1, Ed25519 and X25519 keys, not {key.KeyType}.", nameof(key)),
        };
        return (PublicKeyName(keyType, purpose), key.Export(compressed: true));
    }

    /// <summary>The attribute name of a service: <c>did/svc/&lt;type&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The type is empty, has '/' or the name exceeds 32 bytes.</exception>
    public static string ServiceName(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        if (type.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A service type has no '/'.", nameof(type));
        }

        var name = "did/svc/" + type;
        _ = ToBytes32(name);
        return name;
    }

    /// <summary>A service endpoint value: a URI string as UTF-8.</summary>
    public static byte[] ServiceEndpoint(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return Encoding.UTF8.GetBytes(uri);
    }

    /// <summary>A service endpoint value: a JSON object or array (a map or a set of endpoints), as compact UTF-8 JSON.</summary>
    /// <exception cref="ArgumentException">The JSON is neither an object nor an array.</exception>
    public static byte[] ServiceEndpoint(JsonElement endpoint)
    {
        if (endpoint.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String))
        {
            throw new ArgumentException("A service endpoint is a URI string, a JSON object or a JSON array.", nameof(endpoint));
        }

        return endpoint.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(endpoint.GetString()!)
            : Encoding.UTF8.GetBytes(endpoint.GetRawText());
    }

    /// <summary>The bytes32 form of a name or delegate type: UTF-8, right-padded with zeros.</summary>
    /// <exception cref="ArgumentException">The text is empty or longer than 32 bytes in UTF-8.</exception>
    public static byte[] ToBytes32(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 32)
        {
            throw new ArgumentException($"'{text}' is {bytes.Length} bytes in UTF-8; a registry name holds at most 32.", nameof(text));
        }

        var word = new byte[32];
        bytes.CopyTo(word, 0);
        return word;
    }
}
