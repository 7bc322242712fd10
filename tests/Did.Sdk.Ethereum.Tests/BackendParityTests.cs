using Did.Sdk.Jose;

namespace Did.Sdk.Ethereum.Tests;

/// <summary>
/// The Ethereum signers use <see cref="Secp256k1.Default"/>; these theories check that both secp256k1
/// backends reproduce the published signatures and recovery ids of the vectors directly.
/// </summary>
public sealed class BackendParityTests
{
    public static TheoryData<string, int> PersonalSignCases
    {
        get
        {
            var data = new TheoryData<string, int>();
            var count = VectorFiles.Load("eip191/personal_sign_vectors.json").GetProperty("signing_vectors").GetArrayLength();
            foreach (var backend in new[] { "managed", "native" })
            {
                for (var i = 0; i < count; i++)
                {
                    data.Add(backend, i);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, int> TypedDataCases
    {
        get
        {
            var data = new TheoryData<string, int>();
            var count = VectorFiles.Load("eip712/eth-sig-util_signTypedData_v4_cases.json").GetProperty("cases").GetArrayLength();
            foreach (var backend in new[] { "managed", "native" })
            {
                for (var i = 0; i < count; i++)
                {
                    data.Add(backend, i);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PersonalSignCases))]
    public void SignRecoverable_PersonalSignVector_MatchesOnBackend(string backend, int index)
    {
        var vector = VectorFiles.Load("eip191/personal_sign_vectors.json").GetProperty("signing_vectors")[index];
        Check(
            Engine(backend),
            VectorFiles.HexBytes(vector.GetProperty("privateKey").GetString()),
            VectorFiles.HexBytes(vector.GetProperty("hash").GetString()),
            vector.GetProperty("signature").GetString()!);
    }

    [Theory]
    [MemberData(nameof(TypedDataCases))]
    public void SignRecoverable_TypedDataVector_MatchesOnBackend(string backend, int index)
    {
        var file = VectorFiles.Load("eip712/eth-sig-util_signTypedData_v4_cases.json");
        var vector = file.GetProperty("cases")[index];
        Check(
            Engine(backend),
            VectorFiles.HexBytes(file.GetProperty("privateKey").GetString()),
            VectorFiles.HexBytes(vector.GetProperty("digest").GetString()),
            vector.GetProperty("signature").GetString()!);
    }

    private static void Check(Secp256k1 engine, byte[] privateKey, byte[] hash, string expected)
    {
        var rs = new byte[64];
        var recoveryId = engine.SignRecoverable(hash, privateKey, rs);
        Assert.Equal(expected, VectorFiles.Lower([.. rs, (byte)(27 + recoveryId)]));

        var recovered = new byte[65];
        Assert.True(engine.TryRecover(hash, rs, recoveryId, false, recovered, out _));
        var publicKey = new byte[65];
        Assert.True(engine.TryGetPublicKey(privateKey, false, publicKey, out _));
        Assert.Equal(publicKey, recovered);
    }

    private static Secp256k1 Engine(string backend) => backend == "managed"
        ? Secp256k1.Managed
        : Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 could not be loaded. Install it: apt-get install libsecp256k1-1");
}
