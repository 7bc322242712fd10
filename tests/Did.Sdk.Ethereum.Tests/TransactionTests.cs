using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Did.Sdk.Ethereum.Transactions;

namespace Did.Sdk.Ethereum.Tests;

public sealed class TransactionTests
{
    // Consensus checks a transaction parser cannot make (they need gas schedules or fee rules).
    private static readonly HashSet<string> NotParserExceptions = new(StringComparer.Ordinal)
    {
        "TransactionException.GASLIMIT_PRICE_PRODUCT_OVERFLOW",
        "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2",
        "TransactionException.INTRINSIC_GAS_TOO_LOW",
    };

    private static string VectorPath(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "Vectors", "Transactions", .. parts]);

    public static TheoryData<string> EthereumTestsFiles()
        => [.. Directory.EnumerateFiles(VectorPath("EthereumTests"), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(VectorPath("EthereumTests"), f)).Order(StringComparer.Ordinal)];

    private static JsonElement LoadJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Decode_Empty_FailsWithInvalidTransaction()
    {
        var result = SignedTransaction.Decode(ReadOnlySpan<byte>.Empty);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.InvalidTransaction, result.Error.Code);
    }

    [Theory]
    [InlineData("0x01c0", EthereumErrorCodes.UnsupportedTransactionType)]
    [InlineData("0x03c0", EthereumErrorCodes.UnsupportedTransactionType)]
    [InlineData("0x02c0", EthereumErrorCodes.InvalidTransaction)]
    [InlineData("0x0280", EthereumErrorCodes.InvalidTransaction)]
    [InlineData("0x80", EthereumErrorCodes.InvalidTransaction)]
    [InlineData("0xc0", EthereumErrorCodes.InvalidTransaction)]
    [InlineData("0x02", EthereumErrorCodes.InvalidRlp)]
    [InlineData("zz", EthereumErrorCodes.InvalidHex)]
    public void Decode_Malformed_FailsWithTypedError(string raw, string code)
    {
        var result = SignedTransaction.Decode(raw);
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
    }

    [Fact]
    public void Decode_TrailingByteAfterSignedTransaction_FailsWithInvalidRlp()
    {
        using var key = EthereumPrivateKey.Generate();
        var raw = Sample1559().Sign(key).RawBytes.ToArray();
        var result = SignedTransaction.Decode([.. raw, 0x00]);
        Assert.False(result.Succeeded);
        Assert.Equal(EthereumErrorCodes.InvalidRlp, result.Error.Code);
    }

    [Fact]
    public void Sign_WithoutChainId_Throws()
    {
        using var key = EthereumPrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => (Sample1559() with { Type = TransactionType.Legacy, ChainId = null }).Sign(key));
    }

    [Theory]
    [MemberData(nameof(EthereumTestsFiles))]
    public void Decode_EthereumTestsVector_MatchesCancunVerdict(string file)
    {
        foreach (var test in LoadJson(VectorPath("EthereumTests", file)).EnumerateObject())
        {
            var raw = test.Value.GetProperty("txbytes").GetString();
            var results = test.Value.GetProperty("result");
            var expected = results.TryGetProperty("Cancun", out var cancun) ? cancun : results.EnumerateObject().Last().Value;
            var decoded = SignedTransaction.Decode(raw);
            if (expected.TryGetProperty("exception", out var exception))
            {
                var name = exception.GetString()!;
                if (NotParserExceptions.Contains(name))
                {
                    continue;
                }

                if (name == "TransactionException.INVALID_CHAINID")
                {
                    Assert.True(!decoded.Succeeded || decoded.Value.Transaction.ChainId != 1, $"{test.Name}: chain 1 accepted");
                    continue;
                }

                Assert.False(decoded.Succeeded, $"{test.Name}: accepted although {name}");
                continue;
            }

            Assert.True(decoded.Succeeded, $"{test.Name}: {decoded.Error?.Code} {decoded.Error?.Message}");
            Assert.Equal(expected.GetProperty("hash").GetString(), decoded.Value.HashHex);
            Assert.Equal(expected.GetProperty("sender").GetString(), decoded.Value.Sender.ToLowerCaseString());
            Assert.Equal(raw, decoded.Value.ToRawHex());
        }
    }

    [Fact]
    public void Sign_Eip155Example_MatchesSpec()
    {
        var vector = LoadJson(VectorPath("Eip155", "eip155_example.json"));
        var tx = vector.GetProperty("transaction");
        var transaction = new EthereumTransaction
        {
            Type = TransactionType.Legacy,
            ChainId = tx.GetProperty("chainId").GetUInt64(),
            Nonce = tx.GetProperty("nonce").GetUInt64(),
            GasPrice = BigInteger.Parse(tx.GetProperty("gasPrice").GetString()!, CultureInfo.InvariantCulture),
            GasLimit = tx.GetProperty("gasLimit").GetUInt64(),
            To = EthereumAddress.Parse(tx.GetProperty("to").GetString()).Value,
            Value = BigInteger.Parse(tx.GetProperty("value").GetString()!, CultureInfo.InvariantCulture),
            Data = VectorFiles.HexBytes(tx.GetProperty("data").GetString()),
        };
        using var key = EthereumPrivateKey.Import(VectorFiles.HexBytes(vector.GetProperty("privateKey").GetString())).ThrowIfFailed();

        Assert.Equal(vector.GetProperty("signingData").GetString(), Hex.Encode(transaction.GetSigningPayload()));
        Assert.Equal(vector.GetProperty("signingHash").GetString(), Hex.Encode(transaction.GetSigningHash()));
        var signed = transaction.Sign(key);
        Assert.Equal(vector.GetProperty("signedTransaction").GetString(), signed.ToRawHex());
        Assert.Equal(BigInteger.Parse(vector.GetProperty("r").GetString()!, CultureInfo.InvariantCulture), new BigInteger(signed.Signature.R, isUnsigned: true, isBigEndian: true));
        Assert.Equal(BigInteger.Parse(vector.GetProperty("s").GetString()!, CultureInfo.InvariantCulture), new BigInteger(signed.Signature.S, isUnsigned: true, isBigEndian: true));

        var decoded = SignedTransaction.Decode(signed.ToRawHex());
        Assert.True(decoded.Succeeded);
        Assert.Equal(key.Address, decoded.Value.Sender);
        Assert.Equal(1UL, decoded.Value.Transaction.ChainId);
    }

    [Fact]
    public void SignDecode_RandomEip1559AndLegacy_RoundTrip()
    {
        using var key = EthereumPrivateKey.Generate();
        var gen = Gen.Select(Gen.ULong, Gen.ULong[1, ulong.MaxValue], Gen.Byte.Array[0, 100], Gen.Bool, Gen.Bool, Gen.UInt);
        gen.Sample((nonce, chainId, data, legacy, create, fee) =>
        {
            var tx = Sample1559() with
            {
                Type = legacy ? TransactionType.Legacy : TransactionType.Eip1559,
                Nonce = nonce,
                ChainId = chainId,
                Data = data,
                To = create ? null : key.Address,
                GasPrice = fee,
                MaxFeePerGas = new BigInteger(fee) * 3,
                AccessList = legacy ? [] : [new AccessListEntry(key.Address, [new byte[32]])],
            };
            var signed = tx.Sign(key);
            var decoded = SignedTransaction.Decode(signed.RawBytes);
            return decoded.Succeeded
                && decoded.Value.Sender == key.Address
                && decoded.Value.Hash.SequenceEqual(signed.Hash)
                && decoded.Value.Transaction.ChainId == chainId
                && decoded.Value.Transaction.Nonce == nonce
                && decoded.Value.Transaction.Data.Span.SequenceEqual(data)
                && Hex.Encode(decoded.Value.Transaction.GetSigningHash()) == Hex.Encode(tx.GetSigningHash());
        }, iter: 200);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
        => Gen.Byte.Array[0, 120].Sample(bytes => SignedTransaction.Decode(bytes) is { } r && (r.Succeeded || r.Error is not null));

    private static EthereumTransaction Sample1559() => new()
    {
        Type = TransactionType.Eip1559,
        ChainId = 10,
        Nonce = 0,
        MaxPriorityFeePerGas = 1_000_000_000,
        MaxFeePerGas = 2_000_000_000,
        GasLimit = 100_000,
        To = EthereumAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3").Value,
        Value = 0,
    };
}
