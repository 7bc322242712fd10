// ERC-1056 EthereumDIDRegistry writes (ethr-did-registry 1.3.0, contracts/EthereumDIDRegistry.sol):
// changeOwner, addDelegate, revokeDelegate, setAttribute, revokeAttribute and their …Signed forms,
// whose signed hash is keccak256(0x19 ‖ 0x00 ‖ registry ‖ nonce[identityOwner(identity)] ‖ identity ‖
// "<function>" ‖ arguments) over abi.encodePacked, recovered with ecrecover(hash, v, r, s).
using System.Numerics;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Did.Sdk.Ethr;

/// <summary>
/// A registry write signed offline by the identity's owner, to be sent by anyone with
/// <see cref="EthrDidController.RelayAsync"/>. It carries no chain id: the same signature is valid on
/// every chain where the registry has the same address and the owner the same nonce.
/// </summary>
/// <param name="Operation">The registry function without the <c>Signed</c> suffix, such as <c>changeOwner</c>.</param>
/// <param name="Identity">The identity the write is for.</param>
/// <param name="Signer">The owner who signed.</param>
/// <param name="Nonce">The owner's registry nonce the signature is bound to (used once).</param>
/// <param name="Signature">The owner's signature over the registry hash.</param>
/// <param name="CallData">The ABI-encoded <c>…Signed</c> call to send to the registry.</param>
public sealed record EthrSignedWrite(string Operation, EthereumAddress Identity, EthereumAddress Signer, BigInteger Nonce, EthereumSignature Signature, ReadOnlyMemory<byte> CallData);

/// <summary>
/// Changes a did:ethr identity in the ERC-1056 registry on one network: owner rotation, delegates,
/// attributes (keys and services), deactivation (owner 0x0). Direct writes are sent by the owner's
/// <see cref="EthereumTransactionSender"/>; meta-transactions are signed by the owner
/// (<c>Sign…</c>) and relayed by another account (<see cref="RelayAsync"/>).
/// </summary>
/// <remarks>
/// Every write is simulated first (<c>eth_estimateGas</c>), so a write the registry would refuse fails
/// with <c>transactionReverted</c> before anything is signed or paid. ERC-1056 signed payloads carry no
/// chain id; each time one is created a warning is logged (see docs/ethr.md).
/// </remarks>
public sealed class EthrDidController
{
    /// <summary>The delegate type for signing keys (<c>veriKey</c>).</summary>
    public const string VerificationKeyDelegate = "veriKey";

    /// <summary>The delegate type for authentication keys (<c>sigAuth</c>).</summary>
    public const string SignatureAuthenticationDelegate = "sigAuth";

    private readonly EthereumClient _client;
    private readonly ILogger _logger;

    /// <summary>Creates a controller for <paramref name="identity"/> in the registry at <paramref name="registry"/>.</summary>
    public EthrDidController(EthereumClient client, EthereumAddress registry, EthereumAddress identity, ILogger<EthrDidController>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Registry = registry;
        Identity = identity;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The registry contract.</summary>
    public EthereumAddress Registry { get; }

    /// <summary>The identity (the address in the DID).</summary>
    public EthereumAddress Identity { get; }

    /// <summary>The identity's current owner (<c>identityOwner</c>) at the latest block.</summary>
    public async ValueTask<Result<EthereumAddress>> GetOwnerAsync(CancellationToken cancellationToken = default)
    {
        var result = await _client.CallAsync(Registry, AbiCodec.EncodeCall("identityOwner(address)", Identity), BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Error;
        }

        var owner = AbiCodec.DecodeSingle(AbiType.Address, result.Value);
        return owner.Succeeded ? (EthereumAddress)owner.Value : new SdkError(EthereumErrorCodes.RpcMalformedResponse, "identityOwner returned malformed data.");
    }

    /// <summary>The registry nonce of <paramref name="owner"/> (<c>nonce(address)</c>), which the next signed write must use.</summary>
    public async ValueTask<Result<BigInteger>> GetNonceAsync(EthereumAddress owner, CancellationToken cancellationToken = default)
    {
        var result = await _client.CallAsync(Registry, AbiCodec.EncodeCall("nonce(address)", owner), BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Error;
        }

        var nonce = AbiCodec.DecodeSingle(AbiType.Uint256, result.Value);
        return nonce.Succeeded ? (BigInteger)nonce.Value : new SdkError(EthereumErrorCodes.RpcMalformedResponse, "nonce returned malformed data.");
    }

    /// <summary>Transfers the identity to <paramref name="newOwner"/> (key rotation); <see cref="EthereumAddress.Zero"/> deactivates the DID for good.</summary>
    public ValueTask<Result<TransactionReceipt>> ChangeOwnerAsync(EthereumTransactionSender owner, EthereumAddress newOwner, CancellationToken cancellationToken = default)
        => SendAsync(owner, AbiCodec.EncodeCall("changeOwner(address,address)", Identity, newOwner), cancellationToken);

    /// <summary>Adds <paramref name="delegate"/> as a <paramref name="delegateType"/> delegate (<c>veriKey</c> or <c>sigAuth</c>) for <paramref name="validity"/>.</summary>
    /// <exception cref="ArgumentException">The delegate type does not fit in 32 bytes, or the validity is negative.</exception>
    public ValueTask<Result<TransactionReceipt>> AddDelegateAsync(EthereumTransactionSender owner, string delegateType, EthereumAddress @delegate, TimeSpan validity, CancellationToken cancellationToken = default)
        => SendAsync(owner, AbiCodec.EncodeCall("addDelegate(address,bytes32,address,uint256)", Identity, Bytes32(delegateType), @delegate, Seconds(validity)), cancellationToken);

    /// <summary>Revokes <paramref name="delegate"/> as a <paramref name="delegateType"/> delegate.</summary>
    public ValueTask<Result<TransactionReceipt>> RevokeDelegateAsync(EthereumTransactionSender owner, string delegateType, EthereumAddress @delegate, CancellationToken cancellationToken = default)
        => SendAsync(owner, AbiCodec.EncodeCall("revokeDelegate(address,bytes32,address)", Identity, Bytes32(delegateType), @delegate), cancellationToken);

    /// <summary>Sets the attribute <paramref name="name"/> (see <see cref="EthrAttributes"/>) to <paramref name="value"/> for <paramref name="validity"/>.</summary>
    public ValueTask<Result<TransactionReceipt>> SetAttributeAsync(EthereumTransactionSender owner, string name, ReadOnlyMemory<byte> value, TimeSpan validity, CancellationToken cancellationToken = default)
        => SendAsync(owner, AbiCodec.EncodeCall("setAttribute(address,bytes32,bytes,uint256)", Identity, Bytes32(name), value.ToArray(), Seconds(validity)), cancellationToken);

    /// <summary>Revokes the attribute <paramref name="name"/> with <paramref name="value"/> (the value it was set with).</summary>
    public ValueTask<Result<TransactionReceipt>> RevokeAttributeAsync(EthereumTransactionSender owner, string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        => SendAsync(owner, AbiCodec.EncodeCall("revokeAttribute(address,bytes32,bytes)", Identity, Bytes32(name), value.ToArray()), cancellationToken);

    /// <summary>The owner signs a <c>changeOwnerSigned</c> meta-transaction (reads the owner's registry nonce).</summary>
    public ValueTask<Result<EthrSignedWrite>> SignChangeOwnerAsync(EthereumPrivateKey owner, EthereumAddress newOwner, CancellationToken cancellationToken = default)
        => SignAsync(owner, "changeOwner", newOwner.ToArray(), "changeOwnerSigned(address,uint8,bytes32,bytes32,address)", [newOwner], cancellationToken);

    /// <summary>The owner signs an <c>addDelegateSigned</c> meta-transaction.</summary>
    public ValueTask<Result<EthrSignedWrite>> SignAddDelegateAsync(EthereumPrivateKey owner, string delegateType, EthereumAddress @delegate, TimeSpan validity, CancellationToken cancellationToken = default)
    {
        var type = Bytes32(delegateType);
        var seconds = Seconds(validity);
        return SignAsync(owner, "addDelegate", [.. type, .. @delegate.ToArray(), .. Word(seconds)], "addDelegateSigned(address,uint8,bytes32,bytes32,bytes32,address,uint256)", [type, @delegate, seconds], cancellationToken);
    }

    /// <summary>The owner signs a <c>revokeDelegateSigned</c> meta-transaction.</summary>
    public ValueTask<Result<EthrSignedWrite>> SignRevokeDelegateAsync(EthereumPrivateKey owner, string delegateType, EthereumAddress @delegate, CancellationToken cancellationToken = default)
    {
        var type = Bytes32(delegateType);
        return SignAsync(owner, "revokeDelegate", [.. type, .. @delegate.ToArray()], "revokeDelegateSigned(address,uint8,bytes32,bytes32,bytes32,address)", [type, @delegate], cancellationToken);
    }

    /// <summary>The owner signs a <c>setAttributeSigned</c> meta-transaction.</summary>
    public ValueTask<Result<EthrSignedWrite>> SignSetAttributeAsync(EthereumPrivateKey owner, string name, ReadOnlyMemory<byte> value, TimeSpan validity, CancellationToken cancellationToken = default)
    {
        var key = Bytes32(name);
        var bytes = value.ToArray();
        var seconds = Seconds(validity);
        return SignAsync(owner, "setAttribute", [.. key, .. bytes, .. Word(seconds)], "setAttributeSigned(address,uint8,bytes32,bytes32,bytes32,bytes,uint256)", [key, bytes, seconds], cancellationToken);
    }

    /// <summary>The owner signs a <c>revokeAttributeSigned</c> meta-transaction.</summary>
    public ValueTask<Result<EthrSignedWrite>> SignRevokeAttributeAsync(EthereumPrivateKey owner, string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var key = Bytes32(name);
        var bytes = value.ToArray();
        return SignAsync(owner, "revokeAttribute", [.. key, .. bytes], "revokeAttributeSigned(address,uint8,bytes32,bytes32,bytes32,bytes)", [key, bytes], cancellationToken);
    }

    /// <summary>
    /// Sends a signed write from <paramref name="relayer"/>, who pays the gas. The registry checks the
    /// owner's signature and nonce; a stale, replayed or foreign signature is <c>transactionReverted</c>
    /// (<c>bad_signature</c>) before anything is sent.
    /// </summary>
    public ValueTask<Result<TransactionReceipt>> RelayAsync(EthereumTransactionSender relayer, EthrSignedWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Identity != Identity)
        {
            throw new ArgumentException($"The signed write is for identity {write.Identity}, not {Identity}.", nameof(write));
        }

        return SendAsync(relayer, write.CallData, cancellationToken);
    }

    /// <summary>The hash the registry recomputes for a signed write (exposed for audits and tests).</summary>
    public byte[] ComputeSignedWriteHash(BigInteger ownerNonce, string operation, ReadOnlySpan<byte> packedArguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        byte[] packed = [0x19, 0x00, .. Registry.ToArray(), .. Word(ownerNonce), .. Identity.ToArray(), .. Encoding.ASCII.GetBytes(operation), .. packedArguments];
        return Keccak256.Hash(packed);
    }

    private async ValueTask<Result<EthrSignedWrite>> SignAsync(EthereumPrivateKey owner, string operation, byte[] packedArguments, string signedFunction, object[] arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var nonce = await GetNonceAsync(owner.Address, cancellationToken).ConfigureAwait(false);
        if (!nonce.Succeeded)
        {
            return nonce.Error;
        }

        var hash = ComputeSignedWriteHash(nonce.Value, operation, packedArguments);
        var signature = EthereumSigner.SignHash(owner, hash);
        object[] call = [Identity, new BigInteger(signature.V), signature.R.ToArray(), signature.S.ToArray(), .. arguments];
        var data = AbiCodec.EncodeCall(signedFunction, call);
        LogReplayWarning(_logger, operation, Identity, Registry, null);
        return new EthrSignedWrite(operation, Identity, owner.Address, nonce.Value, signature, data);
    }

    private ValueTask<Result<TransactionReceipt>> SendAsync(EthereumTransactionSender sender, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return sender.SendAsync(Registry, data, cancellationToken: cancellationToken);
    }

    private static readonly Action<ILogger, string, EthereumAddress, EthereumAddress, Exception?> LogReplayWarning = LoggerMessage.Define<string, EthereumAddress, EthereumAddress>(
        LogLevel.Warning,
        new EventId(1056, "EthrSignedWriteReplayable"),
        "Signed ERC-1056 {Operation} for {Identity} created: the signed payload has no chain id and can be replayed on any chain where the registry {Registry} exists and the owner's nonce matches.");

    private static BigInteger Seconds(TimeSpan validity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(validity, TimeSpan.Zero);
        return new BigInteger(Math.Floor(validity.TotalSeconds));
    }

    private static byte[] Bytes32(string text) => EthrAttributes.ToBytes32(text);

    private static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }
}
