using System.Security.Cryptography;
using System.Text.Json;

namespace Did.Sdk.Jose.Tests.Secp256k1;

/// <summary>Wycheproof ECDSA secp256k1/SHA-256 verification vectors, every case over both backends.</summary>
public sealed class WycheproofTests
{
    private const string P1363File = "ecdsa_secp256k1_sha256_p1363_test.json";
    private const string DerFile = "ecdsa_secp256k1_sha256_test.json";
    private const string BitcoinFile = "ecdsa_secp256k1_sha256_bitcoin_test.json";

    private static readonly Lazy<Dictionary<string, Dictionary<int, WycheproofCase>>> Files = new(LoadAll);

    public static TheoryData<string, string, int> Cases
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            foreach (var backend in new[] { Backends.Managed, Backends.Native })
            {
                foreach (var (file, cases) in Files.Value)
                {
                    foreach (var id in cases.Keys)
                    {
                        data.Add(backend, file, id);
                    }
                }
            }

            return data;
        }
    }

    [Fact]
    public void Files_Loaded_HaveTheDocumentedCaseCounts()
    {
        Assert.Equal(252, Files.Value[P1363File].Count);
        Assert.Equal(476, Files.Value[DerFile].Count);
        Assert.Equal(463, Files.Value[BitcoinFile].Count);
        Assert.DoesNotContain(Files.Value.Values.SelectMany(f => f.Values), c => c.Result is not ("valid" or "invalid"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_WycheproofCase_MatchesVerdict(string backend, string file, int tcId)
    {
        var engine = Backends.Get(backend);
        var c = Files.Value[file][tcId];
        var hash = SHA256.HashData(c.Message);

        bool accepted;
        if (file == P1363File)
        {
            accepted = engine.Verify(hash, c.Signature, c.PublicKey, allowHighS: true);
        }
        else
        {
            Span<byte> rs = stackalloc byte[64];
            accepted = EcdsaDer.TryDecode(c.Signature, rs)
                && engine.Verify(hash, rs, c.PublicKey, allowHighS: file != BitcoinFile);
        }

        // "acceptable" never occurs (checked above); it would count as must-reject.
        Assert.True(accepted == (c.Result == "valid"), $"{file} tcId {tcId} ({c.Comment}): expected {c.Result}, accepted={accepted}");
    }

    private static Dictionary<string, Dictionary<int, WycheproofCase>> LoadAll()
        => new[] { P1363File, DerFile, BitcoinFile }.ToDictionary(f => f, Load);

    private static Dictionary<int, WycheproofCase> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "Wycheproof", file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new Dictionary<int, WycheproofCase>();
        foreach (var group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            Assert.Equal("SHA-256", group.GetProperty("sha").GetString());
            var key = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                cases.Add(test.GetProperty("tcId").GetInt32(), new WycheproofCase(
                    key,
                    Convert.FromHexString(test.GetProperty("msg").GetString()!),
                    Convert.FromHexString(test.GetProperty("sig").GetString()!),
                    test.GetProperty("result").GetString()!,
                    test.GetProperty("comment").GetString() ?? string.Empty));
            }
        }

        return cases;
    }

    private sealed record WycheproofCase(byte[] PublicKey, byte[] Message, byte[] Signature, string Result, string Comment);
}
