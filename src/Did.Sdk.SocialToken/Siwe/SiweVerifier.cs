// EIP-4361 verification: the message is the relying party's (domain, URI, chain, resource), it is within
// its times, and the signature is the address's: EIP-191 personal_sign recovery for externally owned
// accounts, ERC-1271 isValidSignature for contract wallets (Safe, smart accounts).
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rpc;

namespace Did.Sdk.SocialToken;

/// <summary>Verifies signed SIWE messages. Never throws on untrusted input.</summary>
public sealed class SiweVerifier
{
    private static readonly byte[] Erc1271MagicValue = [0x16, 0x26, 0xba, 0x7e];
    private readonly EthereumClient? _client;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier.</summary>
    /// <param name="client">The chain, for ERC-1271 contract wallets; without it only EOA signatures verify.</param>
    /// <param name="timeProvider">The clock.</param>
    public SiweVerifier(EthereumClient? client = null, TimeProvider? timeProvider = null)
    {
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Verifies <paramref name="messageText"/> (the exact text signed) and <paramref name="signature"/>
    /// against <paramref name="expected"/>. Fails with <c>invalidSiweMessage</c>, <c>siweMismatch</c>,
    /// <c>siweExpired</c> or <c>siweSignatureInvalid</c>. The nonce is the caller's to check once
    /// (<see cref="SiweNonces"/>).
    /// </summary>
    public async ValueTask<Result<SiweMessage>> VerifyAsync(string messageText, ReadOnlyMemory<byte> signature, SiweExpectation expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        ArgumentNullException.ThrowIfNull(expected);
        var parsed = SiweMessage.Parse(messageText);
        if (!parsed.Succeeded)
        {
            return parsed;
        }

        var message = parsed.Value;
        if (!string.Equals(message.Domain, expected.Domain, StringComparison.OrdinalIgnoreCase) || message.ChainId != expected.ChainId
            || (expected.Uri is not null && message.Uri != expected.Uri)
            || (expected.Resource is not null && !message.Resources.Contains(expected.Resource, StringComparer.Ordinal)))
        {
            return Result<SiweMessage>.Failure(SocialTokenErrorCodes.SiweMismatch, "The message is for another domain, URI, chain or DID than this issuer asked for.");
        }

        var now = _time.GetUtcNow();
        if (message.IssuedAt > now + expected.ClockSkew || message.IssuedAt < now - expected.MaxAge - expected.ClockSkew
            || (message.ExpirationTime is { } exp && now > exp + expected.ClockSkew)
            || (message.NotBefore is { } nbf && now + expected.ClockSkew < nbf))
        {
            return Result<SiweMessage>.Failure(SocialTokenErrorCodes.SiweExpired, "The message is expired, not yet valid, or issued too long ago.");
        }

        var text = Encoding.UTF8.GetBytes(messageText);
        if (signature.Length == EthereumSignature.Size && EthereumSigner.RecoverPersonalMessage(text, signature.Span).TryGetValue(out var signer) && signer == message.Address)
        {
            return message;
        }

        if (_client is not null && await IsValidContractSignatureAsync(message.Address, Eip191.HashPersonalMessage(text), signature, cancellationToken).ConfigureAwait(false))
        {
            return message;
        }

        return Result<SiweMessage>.Failure(SocialTokenErrorCodes.SiweSignatureInvalid, "The signature is not by the message's address (as an EOA or an ERC-1271 wallet).");
    }

    // ERC-1271: isValidSignature(bytes32 hash, bytes signature) returns bytes4 0x1626ba7e when valid.
    private async ValueTask<bool> IsValidContractSignatureAsync(EthereumAddress wallet, byte[] hash, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        if (signature.Length > 4096)
        {
            return false;
        }

        var call = AbiCodec.EncodeCall("isValidSignature(bytes32,bytes)", hash, signature.ToArray());
        var result = await _client!.CallAsync(wallet, call, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.Value.Length == 32 && result.Value.AsSpan(0, 4).SequenceEqual(Erc1271MagicValue) && result.Value.AsSpan(4).IndexOfAnyExcept((byte)0) < 0;
    }
}
