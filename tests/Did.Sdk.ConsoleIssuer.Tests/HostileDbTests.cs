using System.Security.Cryptography;
using Did.Sdk.Examples.ConsoleIssuer;
using Microsoft.Data.Sqlite;

namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>A damaged, foreign or hostile --db gives one line with a typed code and exit 2, never a crash or a stack trace.</summary>
public sealed class HostileDbTests
{
    private static readonly string[] Challenge = ["challenge", "--did", "did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--wallet", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"];

    /// <summary>The hostile file, the code expected, and a command that reads the damaged part.</summary>
    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "random bytes", IssuerErrorCodes.DbCorrupt, ["credentials"] },
        { "SQLite header, garbage after", IssuerErrorCodes.DbCorrupt, ["credentials"] },
        { "truncated issuer database", IssuerErrorCodes.DbCorrupt, ["credentials"] },
        { "another application's SQLite database", IssuerErrorCodes.DbForeign, ["credentials"] },
        { "meta table of another format", IssuerErrorCodes.DbForeign, ["watch"] },
        { "newer schema version", IssuerErrorCodes.DbVersionUnsupported, ["brand"] },
        { "brand contract not an address", IssuerErrorCodes.DbCorrupt, ["brand"] },
        { "brand decimals of the wrong type", IssuerErrorCodes.DbCorrupt, Challenge },
        { "credential wallets not JSON", IssuerErrorCodes.DbCorrupt, ["credentials"] },
        { "credential DID not a DID", IssuerErrorCodes.DbCorrupt, ["watch"] },
        { "nonce with SQL in it", IssuerErrorCodes.DbCorrupt, Challenge },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_OnAHostileDb_TypedErrorExitTwo(string kind, string code, string[] command)
    {
        using var directory = new TempDirectory();
        var db = directory.File("issuer.db");
        Make(kind, db);
        var before = await File.ReadAllBytesAsync(db);

        var run = await App.RunAsync([.. command, "--db", db]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error ({code})", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        if (kind is "random bytes" or "SQLite header, garbage after" or "another application's SQLite database")
        {
            // Refused before anything is written: someone else's file is left as it was.
            Assert.Equal(before, await File.ReadAllBytesAsync(db));
        }
    }

    private static void Make(string kind, string path)
    {
        switch (kind)
        {
            case "random bytes":
                File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(4096));
                return;
            case "SQLite header, garbage after":
                File.WriteAllBytes(path, [.. "SQLite format 3\0"u8, .. RandomNumberGenerator.GetBytes(4080)]);
                return;
            case "truncated issuer database":
                Issuer(path, brand: true);
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2 + 100)]);
                return;
            case "another application's SQLite database":
                Sql(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
                return;
            case "meta table of another format":
                Sql(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'someone-else'), ('version', '1');");
                return;
            case "newer schema version":
                Issuer(path, brand: false);
                Sql(path, "UPDATE meta SET value = '99' WHERE key = 'version';");
                return;
            case "brand contract not an address":
                Issuer(path, brand: true);
                Sql(path, "UPDATE brand SET contract = 'nope';");
                return;
            case "brand decimals of the wrong type":
                Issuer(path, brand: true);
                Sql(path, "UPDATE brand SET decimals = 'eighteen';");
                return;
            case "credential wallets not JSON":
                Issuer(path, brand: true);
                Sql(path, "INSERT INTO credentials (status_index, did, tier, threshold, wallets, holding, evidence_block, issued_at) VALUES (3, 'did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'gold', '1', '{not json', '1', '1', '2026-12-01T00:00:00.0000000+00:00');");
                return;
            case "credential DID not a DID":
                Issuer(path, brand: true);
                Sql(path, "INSERT INTO credentials (status_index, did, tier, threshold, wallets, holding, evidence_block, issued_at) VALUES (3, 'robert''); DROP TABLE brand;--', 'gold', '1', '[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]', '1', '1', '2026-12-01T00:00:00.0000000+00:00');");
                return;
            case "nonce with SQL in it":
                Issuer(path, brand: true);
                Sql(path, "INSERT INTO nonces VALUES ('x''; DROP TABLE brand;--', '2999-01-01T00:00:00.0000000+00:00');");
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void Issuer(string path, bool brand)
    {
        using (var db = IssuerDb.Open(path))
        {
            if (brand)
            {
                db.SaveBrand(new BrandRecord(31337, Ethereum.EthereumAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3").ThrowIfFailed(), "Ada Coin", "ADA", 18,
                    [new SocialToken.SocialTokenTier("gold", 1000)], "did:ethr:0x7a69:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "https://127.0.0.1:8443/status/1", 1024, "issuer.example", 1));
            }
        }
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
