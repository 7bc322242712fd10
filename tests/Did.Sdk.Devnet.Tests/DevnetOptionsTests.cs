namespace Did.Sdk.Devnet.Tests;

/// <summary>Options are validated once at start; the running devnet keeps what it was started with.</summary>
public class DevnetOptionsTests
{
    public static TheoryData<string, Action<DevnetOptions>> Invalid() => new()
    {
        { "ChainId", o => o.ChainId = 0 },
        { "BlockInterval", o => o.BlockInterval = TimeSpan.FromMilliseconds(500) },
        { "SafeEveryBlocks", o => o.SafeEveryBlocks = 0 },
        { "FinalityDelayBlocks", o => o.FinalityDelayBlocks = -1 },
        { "StateFile", o => o.StateFile = " " },
        { "Hardfork", o => o.Hardfork = (DevnetHardfork)7 },
        { "BlockGasLimit", o => o.BlockGasLimit = 1_000 },
        { "InitialBaseFee", o => o.InitialBaseFee = -1 },
        { "DevAccountCount", o => o.DevAccountCount = 11 },
        { "MaxRequestBytes", o => o.MaxRequestBytes = 10 },
        { "MaxBatchSize", o => o.MaxBatchSize = 0 },
        { "MaxLogsPerQuery", o => o.MaxLogsPerQuery = 0 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task StartAsync_InvalidOption_Throws(string name, Action<DevnetOptions> configure)
    {
        var options = new DevnetOptions();
        configure(options);

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Devnet.StartAsync(options));

        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public async Task StartAsync_OptionsChangedAfterStart_NoEffect()
    {
        var options = new DevnetOptions { ChainId = 10, TimeProvider = TestSupport.Clock() };
        await using var devnet = await Devnet.StartAsync(options);

        options.ChainId = 1;

        Assert.Equal("0xa", (await devnet.CallAsync("eth_chainId")).GetString());
        Assert.Equal(10UL, devnet.ChainId);
    }

    [Fact]
    public async Task StartAsync_Cancun_HeaderWithoutRequestsHash()
    {
        await using var prague = await TestSupport.StartAsync();
        await using var cancun = await TestSupport.StartAsync(o => o.Hardfork = DevnetHardfork.Cancun);

        Assert.True((await prague.CallAsync("eth_getBlockByNumber", "latest", false)).TryGetProperty("requestsHash", out _));
        Assert.False((await cancun.CallAsync("eth_getBlockByNumber", "latest", false)).TryGetProperty("requestsHash", out _));
    }
}
