// Bridges between Did.Sdk's keys and Nethereum's EthECKey, for applications that already hold keys in
// Nethereum (Web3 accounts, keystores) or want Did.Sdk keys in Nethereum code.
using Did.Sdk.Jose;
using Nethereum.Signer;

namespace Did.Sdk.Ethereum.Bridges;

/// <summary>Conversions between <see cref="EthereumPrivateKey"/>, <see cref="SigningKey"/> and Nethereum's <see cref="EthECKey"/>.</summary>
public static class NethereumKeys
{
    /// <summary>
    /// The Nethereum key of <paramref name="key"/>. Nethereum holds its secret in managed memory that is
    /// not cleared: prefer keeping keys in <see cref="EthereumPrivateKey"/> and convert only at the boundary.
    /// </summary>
    public static EthECKey ToEthECKey(this EthereumPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new EthECKey(key.Secret.ToArray(), isPrivate: true);
    }

    /// <summary>The Did.Sdk key of a Nethereum private key. Fails with <c>invalidPrivateKey</c> for a public-only key.</summary>
    public static Result<EthereumPrivateKey> ToEthereumPrivateKey(this EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[]? secret;
        try
        {
            // Nethereum may hand out its own buffer: copy it, never clear it.
            secret = key.GetPrivateKeyAsBytes();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException)
        {
            secret = null;
        }

        if (secret is null || secret.Length is 0 or > 33)
        {
            return Result<EthereumPrivateKey>.Failure(EthereumErrorCodes.InvalidPrivateKey, "The Nethereum key has no usable private part.");
        }

        // A scalar may come without its leading zero bytes, or with a sign byte: normalise to 32 bytes.
        var padded = new byte[32];
        var significant = secret.AsSpan(Math.Max(0, secret.Length - 32));
        significant.CopyTo(padded.AsSpan(32 - significant.Length));
        try
        {
            return EthereumPrivateKey.Import(padded);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>The ES256K <see cref="SigningKey"/> (not exportable) of a Nethereum private key, for JWS and credentials.</summary>
    public static Result<SigningKey> ToSigningKey(this EthECKey key)
    {
        var ethereum = key.ToEthereumPrivateKey();
        if (!ethereum.Succeeded)
        {
            return ethereum.Error;
        }

        using var owned = ethereum.Value;
        return owned.ToSigningKey();
    }

    /// <summary>The Nethereum key of an exportable ES256K <paramref name="key"/>. Fails with <c>invalidPrivateKey</c> for another algorithm.</summary>
    /// <exception cref="InvalidOperationException">The key is not exportable.</exception>
    public static Result<EthECKey> ToEthECKey(this SigningKey key)
    {
        var ethereum = EthereumPrivateKey.FromSigningKey(key);
        if (!ethereum.Succeeded)
        {
            return ethereum.Error;
        }

        using var owned = ethereum.Value;
        return owned.ToEthECKey();
    }
}
