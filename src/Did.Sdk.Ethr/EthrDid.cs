// did:ethr method specification §"DID Method Name" and §"Method Specific Identifier":
// did:ethr[:<network>]:<0x + 40 hex address | 0x + 66 hex compressed secp256k1 public key>, where the
// network is a name or a hex chain id and may itself contain ':' (ethr-did-resolver identifierMatcher).
using System.Diagnostics.CodeAnalysis;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Ethr;

/// <summary>The parts of a did:ethr method-specific identifier.</summary>
public sealed record EthrDid
{
    private EthrDid(string? network, EthereumAddress address, string? publicKeyHex)
    {
        Network = network;
        Address = address;
        PublicKeyHex = publicKeyHex;
    }

    /// <summary>The network part as written (<c>mainnet</c>, <c>0xa</c>, <c>rsk:testnet</c>), or null when absent (mainnet).</summary>
    public string? Network { get; }

    /// <summary>The identity address (derived from the public key for public-key DIDs).</summary>
    public EthereumAddress Address { get; }

    /// <summary>The compressed public key as written (<c>0x</c> + 66 hex digits), for public-key DIDs.</summary>
    public string? PublicKeyHex { get; }

    /// <summary>
    /// Parses a did:ethr method-specific identifier. Fails with <c>invalidDid</c> when it does not end in
    /// an address or a 33-byte compressed key, when a mixed-case address fails its EIP-55 checksum, or
    /// when the key is not a point on secp256k1.
    /// </summary>
    public static Result<EthrDid> Parse(string? methodSpecificId)
        => TryParse(methodSpecificId, out var parsed, out var error) ? parsed : Result<EthrDid>.Failure(DidResolutionErrors.InvalidDid, error);

    private static bool TryParse(string? id, [NotNullWhen(true)] out EthrDid? parsed, out string error)
    {
        parsed = null;
        error = "Not a valid did:ethr: " + id;
        if (string.IsNullOrEmpty(id) || id.Length > 256)
        {
            return false;
        }

        var colon = id.LastIndexOf(':');
        var network = colon < 0 ? null : id[..colon];
        var identifier = colon < 0 ? id : id[(colon + 1)..];
        if (network is { Length: 0 })
        {
            return false;
        }

        if (identifier.Length is not (42 or 68) || identifier[0] != '0' || identifier[1] != 'x' || !Hex.TryDecode(identifier, out var bytes))
        {
            return false;
        }

        if (bytes.Length == EthereumAddress.Size)
        {
            if (!EthereumAddress.TryParse(identifier, out var address))
            {
                return false;
            }

            parsed = new EthrDid(network, address, null);
            return true;
        }

        if (bytes[0] is not (0x02 or 0x03) || !EthereumAddress.TryFromPublicKey(bytes, out var keyAddress))
        {
            return false;
        }

        parsed = new EthrDid(network, keyAddress, identifier);
        return true;
    }
}
