using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.SocialToken.Tests;

/// <summary>
/// The test-only contracts of contracts/src, deployed from their committed artifacts: MultiToken (a minimal
/// owner-minted ERC-1155) and OwnedWallet (a minimal ERC-1271 wallet that accepts its owner's signatures).
/// </summary>
internal static class TestContracts
{
    public static async Task<EthereumAddress> DeployMultiTokenAsync(EthereumTransactionSender sender, EthereumAddress owner)
        => await DeployAsync(sender, "MultiToken.json", [AbiType.Utf8String, AbiType.Address], ["https://brand.example/pass/{id}.json", owner]);

    public static async Task<EthereumAddress> DeployOwnedWalletAsync(EthereumTransactionSender sender, EthereumAddress owner)
        => await DeployAsync(sender, "OwnedWallet.json", [AbiType.Address], [owner]);

    /// <summary>MultiToken <c>mint(to, id, amount)</c> (owner only).</summary>
    public static byte[] Mint1155(EthereumAddress to, BigInteger id, BigInteger amount) => AbiCodec.EncodeCall("mint(address,uint256,uint256)", to, id, amount);

    /// <summary>ERC-1155 <c>safeTransferFrom(from, to, id, value, "")</c>.</summary>
    public static byte[] SafeTransfer1155(EthereumAddress from, EthereumAddress to, BigInteger id, BigInteger value)
        => AbiCodec.EncodeCall("safeTransferFrom(address,address,uint256,uint256,bytes)", from, to, id, value, Array.Empty<byte>());

    /// <summary>ERC-1155 <c>safeBatchTransferFrom(from, to, ids, values, "")</c>.</summary>
    public static byte[] SafeBatchTransfer1155(EthereumAddress from, EthereumAddress to, BigInteger[] ids, BigInteger[] values)
        => AbiCodec.EncodeCall("safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)", from, to, ids, values, Array.Empty<byte>());

    /// <summary>OwnedWallet <c>execute(target, value, data)</c> (owner only): a call made as the wallet.</summary>
    public static byte[] Execute(EthereumAddress target, byte[] data) => AbiCodec.EncodeCall("execute(address,uint256,bytes)", target, BigInteger.Zero, data);

    private static async Task<EthereumAddress> DeployAsync(EthereumTransactionSender sender, string artifact, AbiType[] types, object[] arguments)
    {
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "artifacts", artifact)));
        byte[] code = [.. Hex.Decode(document.RootElement.GetProperty("bytecode").GetString()).ThrowIfFailed(), .. AbiCodec.Encode(types, arguments)];
        var receipt = (await sender.DeployAsync(code)).ThrowIfFailed();
        return receipt.ContractAddress ?? throw new InvalidOperationException($"{artifact}: the receipt names no contract.");
    }
}
