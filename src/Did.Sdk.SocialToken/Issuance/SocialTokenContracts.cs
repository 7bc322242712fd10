// The social-token contracts of contracts/ (CreatorCoin: ERC-20 + ERC20Votes + Ownable; ProfileNft:
// ERC-721 + optional ERC-5192 soulbinding + Ownable), deployable from their committed artifacts with no
// Node and no compiler (contracts/artifacts/PROVENANCE.md says how they were built).
using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.SocialToken;

/// <summary>Deploying and driving the creator coin and profile NFT contracts.</summary>
public static class SocialTokenContracts
{
    private static readonly Lazy<byte[]> CreatorCoinCode = new(() => Bytecode("CreatorCoin.json"));
    private static readonly Lazy<byte[]> ProfileNftCode = new(() => Bytecode("ProfileNft.json"));

    /// <summary>The creation code of a CreatorCoin with its constructor arguments.</summary>
    public static byte[] CreatorCoinInitCode(string name, string symbol, EthereumAddress owner, BigInteger initialSupply)
        => [.. CreatorCoinCode.Value, .. AbiCodec.Encode([AbiType.Utf8String, AbiType.Utf8String, AbiType.Address, AbiType.Uint256], [name, symbol, owner, initialSupply])];

    /// <summary>The creation code of a ProfileNft with its constructor arguments.</summary>
    public static byte[] ProfileNftInitCode(string name, string symbol, EthereumAddress owner, bool soulbound)
        => [.. ProfileNftCode.Value, .. AbiCodec.Encode([AbiType.Utf8String, AbiType.Utf8String, AbiType.Address, AbiType.Bool], [name, symbol, owner, soulbound])];

    /// <summary>Deploys a CreatorCoin whose owner (the creator) is <paramref name="owner"/> and holds the initial supply.</summary>
    public static async ValueTask<Result<EthereumAddress>> DeployCreatorCoinAsync(EthereumTransactionSender sender, string name, string symbol, EthereumAddress owner, BigInteger initialSupply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return Address(await sender.DeployAsync(CreatorCoinInitCode(name, symbol, owner, initialSupply), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deploys a ProfileNft whose owner (the creator) mints; soulbound tokens cannot be transferred (ERC-5192).</summary>
    public static async ValueTask<Result<EthereumAddress>> DeployProfileNftAsync(EthereumTransactionSender sender, string name, string symbol, EthereumAddress owner, bool soulbound, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return Address(await sender.DeployAsync(ProfileNftInitCode(name, symbol, owner, soulbound), cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>mint(to, amount)</c> of a CreatorCoin (owner only).</summary>
    public static byte[] MintCoin(EthereumAddress to, BigInteger amount) => AbiCodec.EncodeCall("mint(address,uint256)", to, amount);

    /// <summary><c>mint(to)</c> of a ProfileNft (owner only); token ids count from 1.</summary>
    public static byte[] MintNft(EthereumAddress to) => AbiCodec.EncodeCall("mint(address)", to);

    /// <summary>ERC-20 <c>transfer(to, value)</c>.</summary>
    public static byte[] Transfer(EthereumAddress to, BigInteger value) => AbiCodec.EncodeCall("transfer(address,uint256)", to, value);

    /// <summary>ERC-721 <c>transferFrom(from, to, tokenId)</c>.</summary>
    public static byte[] TransferNft(EthereumAddress from, EthereumAddress to, BigInteger tokenId) => AbiCodec.EncodeCall("transferFrom(address,address,uint256)", from, to, tokenId);

    /// <summary>ERC20Votes <c>delegate(delegatee)</c>.</summary>
    public static byte[] Delegate(EthereumAddress delegatee) => AbiCodec.EncodeCall("delegate(address)", delegatee);

    private static Result<EthereumAddress> Address(Result<Ethereum.Rpc.TransactionReceipt> receipt)
    {
        if (!receipt.Succeeded)
        {
            return receipt.Error;
        }

        return receipt.Value.ContractAddress is { } address
            ? address
            : Result<EthereumAddress>.Failure(EthereumErrorCodes.TransactionReverted, "The deployment's receipt names no contract address.");
    }

    private static byte[] Bytecode(string resource)
    {
        using var stream = typeof(SocialTokenContracts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The artifact {resource} is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return Hex.Decode(document.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed();
    }
}
