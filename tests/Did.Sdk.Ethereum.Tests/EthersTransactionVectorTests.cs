using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Ethereum.Tests;

public sealed class EthersTransactionVectorTests
{
    private static readonly Lazy<JsonElement> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "Transactions", "Ethers", "transactions.json")));
        return doc.RootElement.Clone();
    });

    public static TheoryData<string> Names() => [.. Cases.Value.EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_EthersSignedUnprotectedLegacy_RecoversSignerAndReencodes(string name)
    {
        var vector = Case(name);
        using var key = Key(vector);
        var raw = vector.GetProperty("signedLegacy").GetString();

        var decoded = SignedTransaction.Decode(raw);

        Assert.True(decoded.Succeeded, decoded.Error?.Message);
        Assert.Null(decoded.Value.Transaction.ChainId);
        Assert.Equal(key.Address, decoded.Value.Sender);
        Assert.Equal(raw, decoded.Value.ToRawHex());
        Assert.Equal(vector.GetProperty("unsignedLegacy").GetString(), Hex.Encode(decoded.Value.Transaction.GetSigningPayload()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sign_EthersEip155Case_MatchesEthers(string name)
    {
        var vector = Case(name);
        var expected = vector.GetProperty("signedEip155").GetString();
        if (string.IsNullOrEmpty(expected))
        {
            // ethers produces no EIP-155 form without a chain id; nothing to compare.
            Assert.False(vector.GetProperty("transaction").TryGetProperty("chainId", out _));
            return;
        }

        using var key = Key(vector);
        var transaction = Build(vector.GetProperty("transaction"), TransactionType.Legacy);

        Assert.Equal(vector.GetProperty("unsignedEip155").GetString(), Hex.Encode(transaction.GetSigningPayload()));
        var signed = transaction.Sign(key);
        Assert.Equal(expected, signed.ToRawHex());
        var decoded = SignedTransaction.Decode(expected);
        Assert.True(decoded.Succeeded, decoded.Error?.Message);
        Assert.Equal(key.Address, decoded.Value.Sender);
        Assert.Equal(transaction.ChainId, decoded.Value.Transaction.ChainId);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sign_EthersLondonCase_MatchesEthers(string name)
    {
        var vector = Case(name);
        using var key = Key(vector);
        var transaction = Build(vector.GetProperty("transaction"), TransactionType.Eip1559);
        transaction = transaction with { ChainId = transaction.ChainId ?? 0 };
        var expected = vector.GetProperty("signedLondon").GetString();

        Assert.Equal(vector.GetProperty("unsignedLondon").GetString(), Hex.Encode(transaction.GetSigningPayload()));
        Assert.Equal(expected, transaction.Sign(key).ToRawHex());
        var decoded = SignedTransaction.Decode(expected);
        Assert.True(decoded.Succeeded, decoded.Error?.Message);
        Assert.Equal(key.Address, decoded.Value.Sender);
        Assert.Equal(expected, decoded.Value.ToRawHex());
        Assert.Equal(transaction.AccessList.Count, decoded.Value.Transaction.AccessList.Count);
    }

    private static JsonElement Case(string name)
        => Cases.Value.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static EthereumPrivateKey Key(JsonElement vector)
        => EthereumPrivateKey.Import(VectorFiles.HexBytes(vector.GetProperty("privateKey").GetString())).ThrowIfFailed();

    private static EthereumTransaction Build(JsonElement tx, TransactionType type) => new()
    {
        Type = type,
        ChainId = tx.TryGetProperty("chainId", out var chainId) ? (ulong)Quantity(chainId) : null,
        Nonce = tx.TryGetProperty("nonce", out var nonce) ? nonce.GetUInt64() : 0,
        GasLimit = tx.TryGetProperty("gasLimit", out var gas) ? (ulong)Quantity(gas) : 0,
        GasPrice = tx.TryGetProperty("gasPrice", out var price) ? Quantity(price) : 0,
        MaxFeePerGas = tx.TryGetProperty("maxFeePerGas", out var maxFee) ? Quantity(maxFee) : 0,
        MaxPriorityFeePerGas = tx.TryGetProperty("maxPriorityFeePerGas", out var tip) ? Quantity(tip) : 0,
        Value = tx.TryGetProperty("value", out var value) ? Quantity(value) : 0,
        To = tx.TryGetProperty("to", out var to) ? EthereumAddress.Parse(to.GetString()).ThrowIfFailed() : null,
        Data = tx.TryGetProperty("data", out var data) ? VectorFiles.HexBytes(data.GetString()) : ReadOnlyMemory<byte>.Empty,
        AccessList = tx.TryGetProperty("accessList", out var list)
            ? [.. list.EnumerateArray().Select(e => new AccessListEntry(
                EthereumAddress.Parse(e.GetProperty("address").GetString()).ThrowIfFailed(),
                [.. e.GetProperty("storageKeys").EnumerateArray().Select(k => (ReadOnlyMemory<byte>)VectorFiles.HexBytes(k.GetString()))]))]
            : [],
    };

    private static BigInteger Quantity(JsonElement value)
    {
        var hex = value.GetString()!;
        Assert.StartsWith("0x", hex, StringComparison.Ordinal);
        return hex.Length == 2 ? BigInteger.Zero : BigInteger.Parse("0" + hex[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
