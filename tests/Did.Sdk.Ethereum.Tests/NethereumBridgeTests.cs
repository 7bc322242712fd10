using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Bridges;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Tests.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Jose;
using Nethereum.Signer;
using NModel = Nethereum.Model;

namespace Did.Sdk.Ethereum.Tests;

/// <summary>The bridges a Nethereum user expects: keys both ways, Nethereum-backed transaction signers, and the RPC transports both ways.</summary>
public sealed class NethereumBridgeTests
{
    private static readonly byte[] Secret = Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private static EthereumTransaction Transaction(TransactionType type) => new()
    {
        Type = type,
        ChainId = 31337,
        Nonce = 3,
        GasPrice = 2_000_000_000,
        MaxPriorityFeePerGas = 1_000_000_000,
        MaxFeePerGas = 3_000_000_000,
        GasLimit = 100_000,
        To = EthereumAddress.Parse("0xdca7ef03e98e0dc2b855be647c39abe984fcf21b").ThrowIfFailed(),
        Value = 12345,
        Data = new byte[] { 1, 2, 3, 4 },
    };

    private static Nethereum.Signer.Crypto.ECDSASignature Der(EthECDSASignature signature) => new(signature.ToDER());

    [Fact]
    public void Keys_RoundTripThroughEthECKey_SameAccount()
    {
        using var key = EthereumPrivateKey.Import(Secret).ThrowIfFailed();
        var ethKey = key.ToEthECKey();
        using var back = ethKey.ToEthereumPrivateKey().ThrowIfFailed();
        using var signing = ethKey.ToSigningKey().ThrowIfFailed();
        using var exportable = SigningKey.Generate(JwsAlgorithm.ES256K, exportable: true);

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", ethKey.GetPublicAddress());
        Assert.Equal(key.Address, back.Address);
        Assert.Equal(key.PublicKey.ToArray(), signing.VerificationKey.Export(compressed: false));
        Assert.Equal(EthereumAddress.FromPublicKey(exportable.VerificationKey.Export()).ToString(), exportable.ToEthECKey().ThrowIfFailed().GetPublicAddress());
        Assert.Equal(EthereumErrorCodes.InvalidPrivateKey, new EthECKey(key.PublicKey.ToArray(), isPrivate: false).ToEthereumPrivateKey().Error?.Code);
        using var ed = SigningKey.Generate(JwsAlgorithm.EdDSA, exportable: true);
        Assert.Equal(EthereumErrorCodes.InvalidPrivateKey, ed.ToEthECKey().Error?.Code);
        Assert.Throws<InvalidOperationException>(() => SigningKey.Generate(JwsAlgorithm.ES256K).ToEthECKey());
    }

    [Theory]
    [InlineData(TransactionType.Eip1559)]
    [InlineData(TransactionType.Legacy)]
    public async Task NethereumKeySigner_SignsTheSameBytesAsTheNativeSigner(TransactionType type)
    {
        using var key = EthereumPrivateKey.Import(Secret).ThrowIfFailed();
        var signer = NethereumTransactionSigner.FromKey(key.ToEthECKey());

        var signed = await signer.SignAsync(Transaction(type));

        Assert.True(signed.Succeeded, signed.Error?.ToString());
        Assert.Equal(key.Address, signer.Address);
        Assert.Equal(Transaction(type).Sign(key).RawBytes.ToArray(), signed.Value.RawBytes.ToArray()); // RFC 6979 on both sides
    }

    /// <summary>A stand-in for a KMS or a hardware wallet: signs hashes it is given, the secret stays inside.</summary>
    private sealed class HashOnlyExternalSigner(EthECKey key) : EthExternalSignerBase
    {
        public override bool CalculatesV { get; protected set; }

        public override ExternalSignerTransactionFormat ExternalSignerTransactionFormat { get; protected set; } = ExternalSignerTransactionFormat.Hash;

        public override bool Supported1559 => true;

        protected override Task<byte[]> GetPublicKeyAsync() => Task.FromResult(key.GetPubKey(false));

        protected override Task<Nethereum.Signer.Crypto.ECDSASignature> SignExternallyAsync(byte[] bytes) => Task.FromResult(Der(key.Sign(bytes)));

        public override Task SignAsync(NModel.LegacyTransactionChainId transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.LegacyTransaction transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.Transaction1559 transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.Transaction7702 transaction) => SignHashTransactionAsync(transaction);
    }

    [Theory]
    [InlineData(TransactionType.Eip1559)]
    [InlineData(TransactionType.Legacy)]
    public async Task ExternalSigner_SignsThroughNethereum_AndTheResultIsCheckedBeforeUse(TransactionType type)
    {
        using var key = EthereumPrivateKey.Import(Secret).ThrowIfFailed();
        var signer = (await NethereumTransactionSigner.FromExternalAsync(new HashOnlyExternalSigner(key.ToEthECKey()))).ThrowIfFailed();

        var signed = await signer.SignAsync(Transaction(type));

        Assert.True(signed.Succeeded, signed.Error?.ToString());
        Assert.Equal(key.Address, signed.Value.Sender);
        Assert.Equal(Transaction(type).Nonce, signed.Value.Transaction.Nonce);
    }

    /// <summary>An external signer that signs with another key than the one it reports.</summary>
    private sealed class LyingExternalSigner(EthECKey reported, EthECKey actual) : EthExternalSignerBase
    {
        public override bool CalculatesV { get; protected set; }

        public override ExternalSignerTransactionFormat ExternalSignerTransactionFormat { get; protected set; } = ExternalSignerTransactionFormat.Hash;

        public override bool Supported1559 => true;

        protected override Task<byte[]> GetPublicKeyAsync() => Task.FromResult(reported.GetPubKey(false));

        protected override Task<Nethereum.Signer.Crypto.ECDSASignature> SignExternallyAsync(byte[] bytes) => Task.FromResult(Der(actual.Sign(bytes)));

        public override Task SignAsync(NModel.LegacyTransactionChainId transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.LegacyTransaction transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.Transaction1559 transaction) => SignHashTransactionAsync(transaction);

        public override Task SignAsync(NModel.Transaction7702 transaction) => SignHashTransactionAsync(transaction);
    }

    [Fact]
    public async Task ExternalSigner_SigningWithAnotherKey_Refused()
    {
        using var key = EthereumPrivateKey.Import(Secret).ThrowIfFailed();
        using var other = EthereumPrivateKey.Generate();
        var lying = new LyingExternalSigner(key.ToEthECKey(), other.ToEthECKey());
        var signer = (await NethereumTransactionSigner.FromExternalAsync(lying)).ThrowIfFailed();

        var signed = await signer.SignAsync(Transaction(TransactionType.Eip1559));

        Assert.Equal(EthereumErrorCodes.InvalidTransaction, signed.Error?.Code);
    }

    [Fact]
    public async Task EthereumRpcClient_NethereumRequestsRunOverIEthereumRpc()
    {
        var calls = new List<string>();
        var rpc = new EthereumClientTests.ScriptedRpc((method, parameters) =>
        {
            calls.Add(method + " " + parameters.ToJsonString());
            return method switch
            {
                "eth_chainId" => EthereumClientTests.Ok("\"0x7a69\""),
                "eth_getBalance" => EthereumClientTests.Ok("\"0xde0b6b3a7640000\""),
                _ => RpcErrors.Create(-32601, "the method does not exist"),
            };
        });
        var client = new EthereumRpcClient(rpc);

        var chainId = await new Nethereum.RPC.Eth.EthChainId(client).SendRequestAsync();
        var balance = await new Nethereum.RPC.Eth.EthGetBalance(client).SendRequestAsync("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        var missing = await Assert.ThrowsAnyAsync<Exception>(() => new Nethereum.RPC.Eth.EthAccounts(client).SendRequestAsync());

        Assert.Equal(new BigInteger(31337), chainId.Value);
        Assert.Equal(BigInteger.Pow(10, 18), balance.Value);
        Assert.Contains("eth_getBalance [\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"latest\"]", calls, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("-32601", missing.Message + (missing.InnerException?.Message ?? string.Empty) + ((missing as Nethereum.JsonRpc.Client.RpcResponseException)?.RpcError?.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NethereumEthereumRpc_OverANethereumClient_GivesTypedResults()
    {
        // Both adapters in a row: Did.Sdk → Nethereum IClient → Did.Sdk's scripted transport.
        var inner = new EthereumClientTests.ScriptedRpc((method, parameters) => method switch
        {
            "eth_chainId" => EthereumClientTests.Ok("\"0xa\""),
            "eth_call" => EthereumClientTests.Ok("\"0x" + new string('0', 63) + "1\""),
            _ => RpcErrors.Create(3, "execution reverted"),
        });
        var rpc = new NethereumEthereumRpc(new EthereumRpcClient(inner));

        var chainId = await rpc.SendAsync("eth_chainId", []);
        var call = await rpc.SendAsync("eth_call", [new JsonObject { ["to"] = "0xdca7ef03e98e0dc2b855be647c39abe984fcf21b", ["data"] = "0x" }, "latest"]);
        var reverted = await rpc.SendAsync("eth_estimateGas", [new JsonObject()]);
        var batch = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_estimateGas")]);

        Assert.Equal("0xa", chainId.Value.GetString());
        Assert.Equal(JsonValueKind.String, call.Value.ValueKind);
        Assert.Equal(EthereumErrorCodes.RpcError, reverted.Error?.Code);
        Assert.Equal(3, RpcErrors.GetRpcCode(reverted.Error!));
        Assert.True(batch[0].Succeeded);
        Assert.False(batch[1].Succeeded);
        var client = new EthereumClient(rpc, new EthereumClientOptions { ChainId = 10 });
        Assert.True((await client.VerifyChainIdAsync()).Succeeded);
    }
}
