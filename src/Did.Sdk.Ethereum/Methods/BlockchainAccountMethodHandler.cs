// EcdsaSecp256k1RecoveryMethod2020 (W3C CCG "secp256k1 recovery 2020" suite) with a CAIP-10
// blockchainAccountId (eip155:<chainId>:<address>), as did:ethr and did:pkh documents write them:
// an ES256K signature is checked by recovering the public key and comparing its Ethereum address
// (both recovery ids, as did-jwt does); ES256K-R carries the recovery id as a 65th byte.
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum;

/// <summary>
/// Verifies JWS for <c>EcdsaSecp256k1RecoveryMethod2020</c> methods. With a <c>blockchainAccountId</c>
/// the signer's public key is recovered from the signature and its address must be the account's
/// (<c>accountMismatch</c> otherwise); the account's chain must be the DID's chain when the context
/// names one (<c>accountChainMismatch</c>). A method that carries a secp256k1 public key instead is
/// checked against that key. Accepts <c>ES256K</c> and, where the verifier allows it, <c>ES256K-R</c>.
/// </summary>
/// <remarks>
/// The first successful recovery for an account is remembered (bounded), so later signatures by the
/// same account cost one verification instead of up to two recoveries. An address has one public key,
/// so the remembered key decides exactly as recovery would.
/// </remarks>
public sealed class BlockchainAccountMethodHandler : VerificationMethodHandler
{
    /// <summary>The method type this handler checks.</summary>
    public const string RecoveryMethod2020 = "EcdsaSecp256k1RecoveryMethod2020";

    private const int CacheLimit = 4096;
    private static readonly PublicKeyMethodHandler KeyHandler = new();
    private readonly ConcurrentDictionary<EthereumAddress, byte[]> _publicKeys = new();

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MethodTypes { get; } = [RecoveryMethod2020];

    /// <inheritdoc />
    public override Result<DecodedJws> Verify(DecodedJws jws, VerificationMethod method, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(context);
        if (method.BlockchainAccountId is null)
        {
            // The suite also allows the key itself (publicKeyJwk, publicKeyHex).
            var key = KeyHandler.GetKey(AsVerificationKey2019(method));
            return key.Succeeded ? context.JwsVerifier.Verify(jws, key.Value) : key.Error;
        }

        var account = ParseAccount(method.BlockchainAccountId, context);
        if (!account.Succeeded)
        {
            return account.Error;
        }

        var header = context.JwsVerifier.ValidateHeader(jws);
        if (!header.Succeeded)
        {
            return header.Error;
        }

        var algorithm = header.Value;
        var signature = jws.Signature.Span;
        if (algorithm.KeyType != KeyType.Secp256k1 || signature.Length != algorithm.SignatureSize)
        {
            return algorithm.KeyType != KeyType.Secp256k1
                ? Result<DecodedJws>.Failure(JoseErrorCodes.AlgorithmKeyMismatch, $"An Ethereum account signs with ES256K or ES256K-R, not {algorithm.Name}.")
                : Result<DecodedJws>.Failure(JoseErrorCodes.InvalidSignature, $"An {algorithm.Name} signature is {algorithm.SignatureSize} bytes.");
        }

        var rs = signature[..Secp256k1.SignatureSize];
        int givenId = algorithm.SignatureSize == 65 ? (signature[64] switch { 0 or 27 => 0, 1 or 28 => 1, _ => -1 }) : -1;
        if ((algorithm.SignatureSize == 65 && givenId < 0) || (context.JwsVerifier.Options.RequireLowS && !Secp256k1.IsLowS(rs)))
        {
            return Result<DecodedJws>.Failure(JoseErrorCodes.InvalidSignature, "The signature is malformed or has a high S value.");
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(jws.SigningInput.Span, hash);
        var address = account.Value;
        if (givenId < 0 && _publicKeys.TryGetValue(address, out var known) && Secp256k1.Default.Verify(hash, rs, known, allowHighS: true))
        {
            return jws;
        }

        Span<byte> recovered = stackalloc byte[Secp256k1.UncompressedPublicKeySize];
        Span<byte> digest = stackalloc byte[Keccak256.HashSize];
        bool recoveredAny = false;
        for (int id = givenId < 0 ? 0 : givenId; id <= (givenId < 0 ? 1 : givenId); id++)
        {
            if (!Secp256k1.Default.TryRecover(hash, rs, id, compressed: false, recovered, out _))
            {
                continue;
            }

            recoveredAny = true;
            Keccak256.Hash(recovered[1..], digest);
            if (digest[12..].SequenceEqual(address.ToArray()))
            {
                Remember(address, recovered);
                return jws;
            }
        }

        return recoveredAny
            ? Result<DecodedJws>.Failure(EthereumErrorCodes.AccountMismatch, "The signature recovers to an address other than the verification method's account.")
            : Result<DecodedJws>.Failure(JoseErrorCodes.InvalidSignature, "No public key can be recovered from the signature.");
    }

    /// <inheritdoc />
    public override bool IsSignedBy(VerificationMethod method, VerificationKey key, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(context);
        if (key.KeyType != KeyType.Secp256k1)
        {
            return false;
        }

        if (method.BlockchainAccountId is null)
        {
            return KeyHandler.IsSignedBy(AsVerificationKey2019(method), key, context);
        }

        return ParseAccount(method.BlockchainAccountId, context).TryGetValue(out var address)
            && EthereumAddress.FromPublicKey(key.Export(compressed: false)) == address;
    }

    /// <summary>
    /// Reads a CAIP-10 <c>eip155:&lt;chainId&gt;:&lt;address&gt;</c> account. Fails with
    /// <c>unsupportedVerificationMethod</c> for another namespace, <c>invalidVerificationMethod</c> for a
    /// malformed id, and <c>accountChainMismatch</c> when <paramref name="context"/> names another chain.
    /// </summary>
    public static Result<EthereumAddress> ParseAccount(string accountId, VerificationMethodContext context)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(context);
        var parts = accountId.Split(':');
        if (parts.Length != 3)
        {
            return Result<EthereumAddress>.Failure(JoseErrorCodes.InvalidVerificationMethod, "blockchainAccountId is not a CAIP-10 account id.");
        }

        if (parts[0] != "eip155")
        {
            return Result<EthereumAddress>.Failure(JoseErrorCodes.UnsupportedVerificationMethod, "Only eip155 accounts are verified by signature recovery here.");
        }

        if (parts[1].Length is 0 or > 20 || parts[1][0] == '0' || !parts[1].All(char.IsAsciiDigit)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong chainId))
        {
            return Result<EthereumAddress>.Failure(JoseErrorCodes.InvalidVerificationMethod, "The account's chain id is not a decimal EIP-155 chain id.");
        }

        if (!EthereumAddress.TryParse(parts[2], out var address))
        {
            return Result<EthereumAddress>.Failure(JoseErrorCodes.InvalidVerificationMethod, "The account's address is not an EIP-55 address.");
        }

        if (context.ChainId is { } expected && expected != chainId)
        {
            return Result<EthereumAddress>.Failure(EthereumErrorCodes.AccountChainMismatch, $"The account is on chain {chainId}, the DID on chain {expected}.");
        }

        return address;
    }

    private void Remember(EthereumAddress address, ReadOnlySpan<byte> publicKey)
    {
        if (_publicKeys.Count >= CacheLimit)
        {
            _publicKeys.Clear();
        }

        _publicKeys[address] = publicKey.ToArray();
    }

    private static VerificationMethod AsVerificationKey2019(VerificationMethod method) => new()
    {
        Id = method.Id,
        Type = "EcdsaSecp256k1VerificationKey2019",
        Controller = method.Controller,
        PublicKeyJwk = method.PublicKeyJwk,
        PublicKeyMultibase = method.PublicKeyMultibase,
        AdditionalProperties = method.AdditionalProperties,
    };
}
