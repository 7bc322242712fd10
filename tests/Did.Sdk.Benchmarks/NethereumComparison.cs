// Issue 12: every hand-written Ethereum component against its Nethereum 6.1.0 counterpart, in the same
// process, as paired ABBA ratios (`--targets nethereum`). Both sides compute the same value: the setup
// checks that they agree before anything is timed.
using System.Numerics;
using System.Text;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Transactions;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace Did.Sdk.Benchmarks;

internal sealed class NethereumComparison : IDisposable
{
    private const string TypedDataJson = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
        "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
        "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
        "primaryType":"Mail",
        "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
        "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
        """;

    private readonly byte[] _secret = Convert.FromHexString("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private readonly EthereumPrivateKey _key;
    private readonly EthECKey _ethKey;
    private readonly byte[] _small = new byte[32];
    private readonly byte[] _kilobyte = new byte[1024];
    private readonly byte[] _message = Encoding.UTF8.GetBytes("Sign in to did-sdk with your wallet. Nonce: 8c5b1f0d");
    private readonly byte[] _hash;
    private readonly EthereumSignature _signature;
    private readonly EthECDSASignature _ethSignature;
    private readonly EthereumTransaction _transaction;
    private readonly Nethereum.Model.Transaction1559 _ethTransaction;
    private readonly byte[] _rawTransaction;
    private readonly EthereumMessageSigner _messageSigner = new();
    private readonly Transaction1559Signer _transactionSigner = new();

    public NethereumComparison()
    {
        _key = EthereumPrivateKey.Import(_secret).ThrowIfFailed();
        _ethKey = new EthECKey(_secret, isPrivate: true);
        System.Security.Cryptography.RandomNumberGenerator.Fill(_kilobyte);
        _hash = Keccak256.Hash(_message);
        _signature = EthereumSigner.SignHash(_key, _hash);
        _ethSignature = EthECDSASignatureFactory.FromComponents(_signature.ToBytes()[..64]);
        _ethSignature.V = [(byte)(27 + _signature.YParity)];
        _transaction = new EthereumTransaction
        {
            ChainId = 10,
            Nonce = 7,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 20_000_000_000,
            GasLimit = 120_000,
            To = EthereumAddress.Parse("0xdca7ef03e98e0dc2b855be647c39abe984fcf21b").ThrowIfFailed(),
            Value = BigInteger.Zero,
            Data = _kilobyte[..196],
        };
        _ethTransaction = new Nethereum.Model.Transaction1559(10, 7, 1_000_000_000, 20_000_000_000, 120_000, "0xdca7ef03e98e0dc2b855be647c39abe984fcf21b", 0, "0x" + Convert.ToHexStringLower(_kilobyte[..196]), []);
        _rawTransaction = _transaction.Sign(_key).RawBytes.ToArray();
        Check();
    }

    public void Dispose() => _key.Dispose();

    // Both sides must compute the same bytes (hash, signature, raw transaction, recovered address).
    private void Check()
    {
        Same(Keccak256.Hash(_kilobyte), Nethereum.Util.Sha3Keccack.Current.CalculateHash(_kilobyte), "Keccak-256");
        Same(Eip191.HashPersonalMessage(_message), _messageSigner.HashPrefixedMessage(_message), "EIP-191 hash");
        Same(EthereumSigner.SignPersonalMessage(_key, _message).ToBytes(), Convert.FromHexString(_messageSigner.Sign(_message, _ethKey)[2..]), "EIP-191 signature");
        Same(Eip712TypedData.Parse(TypedDataJson).ThrowIfFailed().Hash.ToArray(), Nethereum.ABI.EIP712.Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(TypedDataJson), "EIP-712 hash");
        Same(_rawTransaction, Convert.FromHexString(_transactionSigner.SignTransaction(_secret, _ethTransaction)), "EIP-1559 signed transaction");
        if (EthECKey.RecoverFromSignature(_ethSignature, _hash).GetPublicAddress() != EthereumSigner.Recover(_hash, _signature).ThrowIfFailed().ToString())
        {
            throw new InvalidOperationException("ecrecover differs.");
        }
    }

    private static void Same(byte[] ours, byte[] theirs, string what)
    {
        if (!ours.AsSpan().SequenceEqual(theirs))
        {
            throw new InvalidOperationException($"{what}: Did.Sdk and Nethereum disagree.");
        }
    }

    public IEnumerable<(string Title, string NameA, Func<bool> A, string NameB, Func<bool> B)> Pairs()
    {
        yield return ("Keccak-256, 32 bytes", "Nethereum Sha3Keccack", () => Nethereum.Util.Sha3Keccack.Current.CalculateHash(_small).Length == 32, "Did.Sdk Keccak256", () => Keccak256.Hash(_small).Length == 32);
        yield return ("Keccak-256, 1 KiB", "Nethereum Sha3Keccack", () => Nethereum.Util.Sha3Keccack.Current.CalculateHash(_kilobyte).Length == 32, "Did.Sdk Keccak256", () => Keccak256.Hash(_kilobyte).Length == 32);
        yield return ("EIP-191 personal message hash", "Nethereum HashPrefixedMessage", () => _messageSigner.HashPrefixedMessage(_message).Length == 32, "Did.Sdk Eip191", () => Eip191.HashPersonalMessage(_message).Length == 32);
        yield return ("EIP-191 sign", "Nethereum EthereumMessageSigner.Sign", () => _messageSigner.Sign(_message, _ethKey).Length == 132, "Did.Sdk EthereumSigner (native)", () => EthereumSigner.SignPersonalMessage(_key, _message).YParity >= 0);
        yield return ("EIP-712 parse + hash (Mail)", "Nethereum EncodeAndHashTypedData", () => Nethereum.ABI.EIP712.Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(TypedDataJson).Length == 32, "Did.Sdk Eip712TypedData", () => Eip712TypedData.Parse(TypedDataJson).Value!.Hash.Length == 32);
        yield return ("EIP-1559 transaction sign", "Nethereum Transaction1559Signer", () => _transactionSigner.SignTransaction(_secret, _ethTransaction).Length > 0, "Did.Sdk EthereumTransaction.Sign", () => _transaction.Sign(_key).RawBytes.Length > 0);
        yield return ("ecrecover (address from hash + signature)", "Nethereum EthECKey.RecoverFromSignature", () => EthECKey.RecoverFromSignature(_ethSignature, _hash).GetPublicAddressAsBytes().Length == 20, "Did.Sdk EthereumSigner.Recover", () => EthereumSigner.Recover(_hash, _signature).Succeeded);
        yield return ("decode a signed EIP-1559 transaction + recover the sender", "Nethereum TransactionFactory + GetSenderAddress", () => Nethereum.Model.TransactionFactory.CreateTransaction(_rawTransaction) is { } t && TransactionVerificationAndRecovery.GetSenderAddress(t).Length == 42, "Did.Sdk SignedTransaction.Decode", () => SignedTransaction.Decode(_rawTransaction).Succeeded);
        yield return ("RLP decode of a signed transaction", "Nethereum RLP.Decode", () => Nethereum.RLP.RLP.Decode(_rawTransaction[1..]) is not null, "Did.Sdk RlpCodec.Decode", () => RlpCodec.Decode(_rawTransaction.AsSpan(1)).Succeeded);
    }
}
