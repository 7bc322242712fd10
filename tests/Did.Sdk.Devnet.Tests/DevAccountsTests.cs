using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The dev accounts are the standard test mnemonic's (BIP-39 seed, BIP-32/BIP-44 m/44'/60'/0'/0/i), funded at genesis.</summary>
public class DevAccountsTests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Accounts_DerivedFromTheTestMnemonic_SameKeysAndAddresses()
    {
        await using var devnet = await TestSupport.StartAsync();

        Assert.Equal(10, devnet.Accounts.Count);
        for (var i = 0; i < 10; i++)
        {
            var key = Derive("test test test test test test test test test test test junk", [44 | Hardened, 60 | Hardened, Hardened, 0, (uint)i]);
            using var imported = EthereumPrivateKey.Import(key).ThrowIfFailed();
            Assert.Equal(key, devnet.Accounts[i].PrivateKey.ToArray());
            Assert.Equal(imported.Address, devnet.Accounts[i].Address);
        }

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", devnet.Accounts[0].Address.ToString());
        Assert.Equal("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", Convert.ToHexStringLower(devnet.Accounts[0].PrivateKey.Span));
    }

    [Fact]
    public async Task Accounts_Genesis_FundedWith10000Ether()
    {
        await using var devnet = await TestSupport.StartAsync(o => o.DevAccountCount = 3);

        Assert.Equal(3, devnet.Accounts.Count);
        var accounts = await devnet.CallAsync("eth_accounts");
        Assert.Equal(devnet.Accounts.Select(a => a.Address.ToLowerCaseString()), accounts.EnumerateArray().Select(a => a.GetString()));
        foreach (var account in devnet.Accounts)
        {
            Assert.Equal(BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture), (await devnet.CallAsync("eth_getBalance", account.Address.ToString(), "earliest")).Big());
        }
    }

    private const uint Hardened = 0x8000_0000;

    // BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic"), BIP-32 private derivation.
    private static byte[] Derive(string mnemonic, uint[] path)
    {
        var seed = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(mnemonic), Encoding.UTF8.GetBytes("mnemonic"), 2048, HashAlgorithmName.SHA512, 64);
        var master = HMACSHA512.HashData(Encoding.ASCII.GetBytes("Bitcoin seed"), seed);
        var key = master[..32];
        var chainCode = master[32..];
        foreach (var index in path)
        {
            var data = new byte[37];
            if ((index & Hardened) != 0)
            {
                key.CopyTo(data, 1);
            }
            else
            {
                using var parent = EthereumPrivateKey.Import(key).ThrowIfFailed();
                TestSupport.Compressed(parent).CopyTo(data, 0);
            }

            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), index);
            var i = HMACSHA512.HashData(chainCode, data);
            var child = (new BigInteger(i.AsSpan(0, 32), isUnsigned: true, isBigEndian: true) + new BigInteger(key, isUnsigned: true, isBigEndian: true)) % N;
            key = new byte[32];
            child.TryWriteBytes(key.AsSpan(32 - child.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            chainCode = i[32..];
        }

        return key;
    }
}
