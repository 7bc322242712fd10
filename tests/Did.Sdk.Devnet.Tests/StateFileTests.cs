using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Did.Sdk.Devnet.Tests;

/// <summary>The SQLite state file: a restart gives the same chain; a file that is not ours, or broken, is refused untouched.</summary>
public class StateFileTests
{
    private static async Task<SdkError> RefusedAsync(string path, Action<DevnetOptions>? configure = null)
    {
        var options = new DevnetOptions { StateFile = path, TimeProvider = TestSupport.Clock(), GenesisTime = TestSupport.GenesisTime };
        configure?.Invoke(options);
        var result = await Devnet.TryStartAsync(options);
        Assert.False(result.Succeeded);
        return result.Error!;
    }

    private static async Task CreateChainAsync(string path)
    {
        await using var devnet = await TestSupport.StartAsync(o => o.StateFile = path);
        var owner = devnet.Accounts[0];
        await devnet.SendAsync(owner, TestSupport.Eip1559(0, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [1])));
    }

    [Fact]
    public async Task Start_NotSqlite_RefusedAsCorruptAndLeftUntouched()
    {
        var path = TestSupport.TempFile("chain.db");
        var junk = new byte[4096];
        System.Security.Cryptography.RandomNumberGenerator.Fill(junk);
        await File.WriteAllBytesAsync(path, junk);

        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileCorrupt, error.Code);
        Assert.Equal(junk, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Start_ForeignSqliteDatabase_RefusedAsForeign()
    {
        var path = TestSupport.TempFile("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada');";
            command.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(path);
        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileForeign, error.Code);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Start_NewerSchemaVersion_Refused()
    {
        var path = TestSupport.TempFile("chain.db");
        await CreateChainAsync(path);
        Sql(path, "UPDATE devnet_meta SET value = '2' WHERE key = 'schema_version';");

        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileVersionUnsupported, error.Code);
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TamperedBlockBody_RefusedAsCorrupt()
    {
        var path = TestSupport.TempFile("chain.db");
        await CreateChainAsync(path);

        // One byte of the state diff of block 1 (the last byte of the body) changes.
        Sql(path, "UPDATE devnet_blocks SET body = CAST(substr(body, 1, length(body) - 1) || x'07' AS BLOB) WHERE number = 1;");
        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileCorrupt, error.Code);
        Assert.Contains("Block 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EditedBalanceInTheStateDiff_RefusedAsCorrupt()
    {
        var path = TestSupport.TempFile("chain.db");
        await CreateChainAsync(path);
        byte[] body;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT body FROM devnet_blocks WHERE number = 0;";
            body = (byte[])read.ExecuteScalar()!;
        }

        // Genesis gives each dev account 10,000 ether (0x021e19e0c9bab2400000): make one of them 10,001.
        var pattern = Convert.FromHexString("021e19e0c9bab2400000");
        var at = body.AsSpan().IndexOf(pattern);
        Assert.True(at > 0);
        body[at + 1] ^= 1;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE devnet_blocks SET body = $body WHERE number = 0;";
            write.Parameters.AddWithValue("$body", body);
            write.ExecuteNonQuery();
        }

        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileCorrupt, error.Code);
        Assert.Contains("Block 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OtherChainId_RefusedAsMismatch()
    {
        var path = TestSupport.TempFile("chain.db");
        await CreateChainAsync(path);

        var error = await RefusedAsync(path, o => o.ChainId = 10);

        Assert.Equal(DevnetErrorCodes.StateFileMismatch, error.Code);
    }

    [Fact]
    public async Task Start_MissingDirectory_Unavailable()
    {
        var path = Path.Combine(Path.GetDirectoryName(TestSupport.TempFile("x"))!, "missing", "chain.db");

        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileUnavailable, error.Code);
    }

    [Fact]
    public async Task Start_FileHeldByAnotherDevnet_Unavailable()
    {
        var path = TestSupport.TempFile("chain.db");
        await using var first = await TestSupport.StartAsync(o => o.StateFile = path);
        await first.MineAsync();
        await first.FlushAsync();

        var error = await RefusedAsync(path);

        Assert.Equal(DevnetErrorCodes.StateFileUnavailable, error.Code);
    }

    [Fact]
    public async Task Restart_SameFile_SameBlocksHashesAndState()
    {
        var path = TestSupport.TempFile("chain.db");
        var hashes = new List<string?>();
        string changedAtHead;
        await using (var devnet = await TestSupport.StartAsync(o => { o.StateFile = path; o.SafeEveryBlocks = 100; }))
        {
            var owner = devnet.Accounts[0];
            for (ulong n = 0; n < 3; n++)
            {
                await devnet.SendAsync(owner, TestSupport.Eip1559(n, devnet.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [(byte)n])));
            }

            (await devnet.ReorgAsync(1, DevnetReorgReplay.Reorder)).ThrowIfFailed();
            await devnet.SendAsync(devnet.Accounts[1], TestSupport.Eip1559(0, devnet.Accounts[3].Address, value: 7, gas: 21_000));
            for (var n = 0; n <= 4; n++)
            {
                hashes.Add((await devnet.CallAsync("eth_getBlockByNumber", "0x" + n, false)).GetProperty("hash").GetString());
            }

            changedAtHead = (await devnet.CallAsync("eth_call", new JsonObject { ["to"] = devnet.RegistryAddress.ToString(), ["data"] = Ethereum.Hex.Encode(TestSupport.Changed(owner.Address)) }, "latest")).GetString()!;
        }

        await using (var reopened = await TestSupport.StartAsync(o => { o.StateFile = path; o.SafeEveryBlocks = 100; }))
        {
            Assert.Equal(4UL, reopened.Heads.Latest);
            for (var n = 0; n <= 4; n++)
            {
                Assert.Equal(hashes[n], (await reopened.CallAsync("eth_getBlockByNumber", "0x" + n, false)).GetProperty("hash").GetString());
            }

            var owner = reopened.Accounts[0];
            Assert.Equal(changedAtHead, (await reopened.CallAsync("eth_call", new JsonObject { ["to"] = reopened.RegistryAddress.ToString(), ["data"] = Ethereum.Hex.Encode(TestSupport.Changed(owner.Address)) }, "latest")).GetString());
            Assert.Equal(3UL, (await reopened.CallAsync("eth_getTransactionCount", owner.Address.ToString(), "latest")).Number());
            Assert.Equal(3, (await reopened.CallAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0" })).GetArrayLength());
            Assert.Equal(new System.Numerics.BigInteger(7) + System.Numerics.BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
                (await reopened.CallAsync("eth_getBalance", reopened.Accounts[3].Address.ToString(), "latest")).Big());
            await reopened.SendAsync(owner, TestSupport.Eip1559(3, reopened.RegistryAddress, TestSupport.SetAttribute(owner.Address, "did/svc/Hub", [9])));
            Assert.Equal(5UL, reopened.Heads.Latest);
        }

        await using var third = await TestSupport.StartAsync(o => o.StateFile = path);
        Assert.Equal(5UL, third.Heads.Latest);
        Assert.Equal(hashes[4], (await third.CallAsync("eth_getBlockByNumber", "0x4", false)).GetProperty("hash").GetString());
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
