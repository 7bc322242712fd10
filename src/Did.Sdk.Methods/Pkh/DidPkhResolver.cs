// did:pkh: W3C CCG "did:pkh Method Specification" (draft) §"Syntax" (did:pkh:<CAIP-10 account id>)
// and §"Read" (one blockchainAccountId method per namespace, contexts as in its test vectors);
// CAIP-2 (chain id: namespace [-a-z0-9]{3,8} ":" reference [-_a-zA-Z0-9]{1,32}) and CAIP-10
// (account address [-.%a-zA-Z0-9]{1,128}).
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>
/// Resolves <c>did:pkh</c> DIDs offline for the CAIP namespaces <c>eip155</c>, <c>bip122</c>,
/// <c>solana</c>, <c>tezos</c> and <c>arweave</c>. The account id is validated against CAIP-2/CAIP-10
/// and per namespace; failures are <c>invalidDid</c> (malformed or unsupported namespace).
/// </summary>
public sealed class DidPkhResolver : IDidMethodResolver
{
    private const string BlockchainAccountIdTerm = "https://w3id.org/security#blockchainAccountId";
    private const string RecoveryMethod = "EcdsaSecp256k1RecoveryMethod2020";
    private const string RecoveryMethodTerm = "https://identity.foundation/EcdsaSecp256k1RecoverySignature2020#EcdsaSecp256k1RecoveryMethod2020";
    private static readonly string[] MethodNames = ["pkh"];

    /// <inheritdoc />
    public IReadOnlyCollection<string> Methods => MethodNames;

    /// <inheritdoc />
    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(did, options));
    }

    /// <summary>Builds the DID document of a did:pkh synchronously; see <see cref="ResolveAsync"/>.</summary>
    public static DidResolutionResult Resolve(Did did, DidResolutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (did.Method != "pkh")
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"{did.Method} is not the pkh method.");
        }

        var account = BlockchainAccountId.Parse(did.MethodSpecificId);
        if (!account.Succeeded)
        {
            return DidResolutionResult.Failure(account.Error);
        }

        var document = BuildDocument(did.ToString(), account.Value);
        return document.Succeeded
            ? DidResolutionResult.Success(document.Value, contentType: options?.Accept ?? MediaTypes.DidJson)
            : DidResolutionResult.Failure(document.Error);
    }

    private static Result<DidDocument> BuildDocument(string did, BlockchainAccountId account)
    {
        var accountId = account.ToString();
        var terms = new JsonObject { ["blockchainAccountId"] = BlockchainAccountIdTerm };
        var methods = new List<VerificationMethod>();
        switch (account.Namespace)
        {
            case "eip155":
            case "bip122":
                terms[RecoveryMethod] = RecoveryMethodTerm;
                methods.Add(Method(did, "blockchainAccountId", RecoveryMethod, accountId));
                break;
            case "solana":
            {
                terms["publicKeyJwk"] = new JsonObject { ["@id"] = "https://w3id.org/security#publicKeyJwk", ["@type"] = "@json" };
                terms["Ed25519VerificationKey2018"] = "https://w3id.org/security#Ed25519VerificationKey2018";
                terms["SolanaMethod2021"] = "https://w3id.org/security#SolanaMethod2021";

                // A Solana address is the raw 32-byte Ed25519 public key in base58 (program addresses may be off-curve,
                // so the bytes are carried as they are, not validated as a curve point).
                var raw = Multibase.Decode("z" + account.Address).ThrowIfFailed();
                var jwk = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.Encode(raw) };
                methods.Add(Method(did, "controller", "Ed25519VerificationKey2018", accountId, jwk));
                methods.Add(Method(did, "SolanaMethod2021", "SolanaMethod2021", accountId, jwk));
                break;
            }

            case "tezos":
            {
                var type = account.Address[..3] switch
                {
                    "tz1" => "Ed25519PublicKeyBLAKE2BDigestSize20Base58CheckEncoded2021",
                    "tz2" => RecoveryMethod,
                    _ => "P256PublicKeyBLAKE2BDigestSize20Base58CheckEncoded2021",
                };
                terms[type] = type == RecoveryMethod ? RecoveryMethodTerm : "https://w3id.org/security#" + type;
                terms["TezosMethod2021"] = "https://w3id.org/security#TezosMethod2021";
                methods.Add(Method(did, "blockchainAccountId", type, accountId));
                methods.Add(Method(did, "TezosMethod2021", "TezosMethod2021", accountId));
                break;
            }

            case "arweave":
                terms["RsaVerificationKey2018"] = "https://w3c-ccg.github.io/security-vocab/#RsaVerificationKey2018";
                methods.Add(Method(did, "blockchainAccountId", "RsaVerificationKey2018", accountId));
                break;
            default:
                return Result<DidDocument>.Failure(DidResolutionErrors.InvalidDid, $"The CAIP namespace '{account.Namespace}' is not supported by did:pkh here.");
        }

        var references = methods.Select(m => new VerificationMethodReference(m.Id)).ToArray();
        return new DidDocument
        {
            Context = MethodJson.Context([JsonValue.Create(MethodJson.DidV1), terms]),
            Id = did,
            VerificationMethod = methods,
            Authentication = references,
            AssertionMethod = references,
            CapabilityDelegation = references,
            CapabilityInvocation = references,
        };
    }

    private static VerificationMethod Method(string did, string fragment, string type, string accountId, JsonObject? jwk = null) => new()
    {
        Id = did + "#" + fragment,
        Type = type,
        Controller = did,
        BlockchainAccountId = accountId,
        PublicKeyJwk = jwk is null ? null : MethodJson.ToElement(jwk),
    };
}

/// <summary>
/// A CAIP-10 account id, <c>namespace:reference:address</c>, checked against CAIP-2/CAIP-10 and the
/// rules of the namespaces did:pkh supports here.
/// </summary>
public sealed record BlockchainAccountId
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private BlockchainAccountId(string ns, string reference, string address)
    {
        Namespace = ns;
        Reference = reference;
        Address = address;
    }

    /// <summary>The CAIP-2 namespace, for example <c>eip155</c>.</summary>
    public string Namespace { get; }

    /// <summary>The CAIP-2 reference, for example the chain id <c>1</c>.</summary>
    public string Reference { get; }

    /// <summary>The account address.</summary>
    public string Address { get; }

    /// <summary>The CAIP-2 chain id, <c>namespace:reference</c>.</summary>
    public string ChainId => Namespace + ":" + Reference;

    /// <summary>
    /// Parses and validates a CAIP-10 account id. Fails with <c>invalidDid</c> when it breaks CAIP-10
    /// syntax, names a namespace other than eip155, bip122, solana, tezos or arweave, or breaks that
    /// namespace's rules (eip155: decimal chain id and <c>0x</c> + 40 hex digits).
    /// </summary>
    public static Result<BlockchainAccountId> Parse(string? value)
    {
        if (value is null)
        {
            return Invalid("The account id is null.");
        }

        var parts = value.Split(':');
        if (parts.Length != 3)
        {
            return Invalid("A CAIP-10 account id has three parts: namespace:reference:address.");
        }

        var (ns, reference, address) = (parts[0], parts[1], parts[2]);
        if (ns.Length is < 3 or > 8 || !ns.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return Invalid("The CAIP-2 namespace is 3 to 8 characters of a-z, 0-9 and '-'.");
        }

        if (reference.Length is < 1 or > 32 || !reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return Invalid("The CAIP-2 reference is 1 to 32 characters of a-z, A-Z, 0-9, '-' and '_'.");
        }

        if (address.Length is < 1 or > 128 || !address.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '%'))
        {
            return Invalid("The CAIP-10 address is 1 to 128 characters of a-z, A-Z, 0-9, '-', '.' and '%'.");
        }

        var error = ns switch
        {
            "eip155" => CheckEip155(reference, address),
            "bip122" => CheckBip122(reference, address),
            "solana" => CheckSolana(reference, address),
            "tezos" => CheckTezos(reference, address),
            "arweave" => CheckArweave(address),
            _ => $"The CAIP namespace '{ns}' is not supported by did:pkh here (eip155, bip122, solana, tezos, arweave).",
        };
        return error is null ? new BlockchainAccountId(ns, reference, address) : Invalid(error);
    }

    /// <inheritdoc />
    public override string ToString() => Namespace + ":" + Reference + ":" + Address;

    private static string? CheckEip155(string reference, string address)
    {
        if (!reference.All(char.IsAsciiDigit) || (reference.Length > 1 && reference[0] == '0'))
        {
            return "An eip155 reference is a decimal chain id without leading zeros.";
        }

        if (address.Length != 42 || !address.StartsWith("0x", StringComparison.Ordinal) || address.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            return "An eip155 address is 0x followed by 40 hexadecimal digits.";
        }

        // All-lower or all-upper case carries no checksum; mixed case must be a valid EIP-55 checksum.
        return Ethereum.EthereumAddress.TryParse(address, out _)
            ? null
            : "The eip155 address is mixed-case but does not match its EIP-55 checksum.";
    }

    private static string? CheckBip122(string reference, string address)
    {
        if (reference.Length != 32 || !reference.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return "A bip122 reference is the first 32 lower-case hex digits of the genesis block hash.";
        }

        // Base58Check (P2PKH/P2SH) addresses carry a double-SHA-256 checksum; bech32 addresses are checked for syntax only.
        if (address.Length is >= 25 and <= 35 && Base58CheckPayload(address) is { Length: 21 })
        {
            return null;
        }

        if (address.Length is >= 14 and <= 90 && address.Contains('1', StringComparison.Ordinal)
            && address.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')))
        {
            return null;
        }

        return "A bip122 address is a Base58Check address with a valid checksum or a lower-case bech32 address.";
    }

    private static string? CheckSolana(string reference, string address)
    {
        if (reference.Length != 32 || !Multibase.TryDecode("z" + reference, out _, out _))
        {
            return "A solana reference is the first 32 base58 characters of the genesis hash.";
        }

        return Multibase.TryDecode("z" + address, out _, out var raw) && raw.Length == 32
            ? null
            : "A solana address is the base58 encoding of a 32-byte public key.";
    }

    private static string? CheckTezos(string reference, string address)
    {
        if (!Multibase.TryDecode("z" + reference, out _, out _))
        {
            return "A tezos reference is a base58 chain id.";
        }

        // tz1/tz2/tz3: Base58Check of a 3-byte prefix and a 20-byte BLAKE2b public key hash.
        if (address.Length == 36 && address[..3] is "tz1" or "tz2" or "tz3" && Base58CheckPayload(address) is { Length: 23 })
        {
            return null;
        }

        return "A tezos address is a tz1, tz2 or tz3 Base58Check address with a valid checksum.";
    }

    private static string? CheckArweave(string address)
        => address.Length == 43 && Base64Url.TryDecode(address, out var raw) && raw.Length == 32
            ? null
            : "An arweave address is 43 base64url characters (a 32-byte SHA-256 digest).";

    /// <summary>The payload of a Base58Check string (without its 4-byte checksum), or null when the checksum fails.</summary>
    private static byte[]? Base58CheckPayload(string text)
    {
        if (!Multibase.TryDecode("z" + text, out _, out var raw) || raw.Length < 5)
        {
            return null;
        }

        var payload = raw[..^4];
        var hash = SHA256.HashData(SHA256.HashData(payload));
        return hash.AsSpan(0, 4).SequenceEqual(raw.AsSpan(raw.Length - 4)) ? payload : null;
    }

    private static Result<BlockchainAccountId> Invalid(string message) => Result<BlockchainAccountId>.Failure(DidResolutionErrors.InvalidDid, message);
}
