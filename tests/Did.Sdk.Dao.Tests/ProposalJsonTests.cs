using System.Text;
using NJsonSchema;

namespace Did.Sdk.Dao.Tests;

/// <summary>Proposal files: the schema, the example, round trips, hostile files refused with a typed error.</summary>
public sealed class ProposalJsonTests
{
    private static readonly string Schemas = Path.Combine(AppContext.BaseDirectory, "schemas");

    [Fact]
    public async Task Example_MatchesTheSchema_Parses_RoundTrips()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Schemas, "dao-proposal", "v1", "schema.json"));
        string example = await File.ReadAllTextAsync(Path.Combine(Schemas, "dao-proposal", "v1", "example.json"));
        Assert.Empty(schema.Validate(example));

        var proposal = ProposalJson.Parse(Encoding.UTF8.GetBytes(example)).ThrowIfFailed();
        Assert.Equal(("ada-dao-7", 31337ul, 2ul, Finality.Finalized), (proposal.Id, proposal.ChainId, proposal.SnapshotBlockNumber, proposal.RequiredFinality));
        Assert.Equal([VotingPowerSource.Balance, VotingPowerSource.Votes], proposal.Terms.Select(t => t.Source));
        Assert.Equal(2, (int)proposal.Terms[1].Weight);

        string written = ProposalJson.ToJson(proposal).ToJsonString();
        Assert.Empty(schema.Validate(written));
        Assert.Equal(written, ProposalJson.ToJson(ProposalJson.Parse(Encoding.UTF8.GetBytes(written)).ThrowIfFailed()).ToJsonString());
    }

    [Fact]
    public async Task SnapshotByTime_MatchesTheSchema_RoundTrips()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Schemas, "dao-proposal", "v1", "schema.json"));
        string example = await File.ReadAllTextAsync(Path.Combine(Schemas, "dao-proposal", "v1", "example.json"));
        string byTime = example.Replace("\"snapshot\": { \"block\": 2 }", "\"snapshot\": { \"timestamp\": 1796000000 }", StringComparison.Ordinal);
        Assert.NotEqual(example, byTime);
        Assert.Empty(schema.Validate(byTime));

        var proposal = ProposalJson.Parse(Encoding.UTF8.GetBytes(byTime)).ThrowIfFailed();
        Assert.Equal((null, 1796000000ul), (proposal.SnapshotBlockNumber, proposal.SnapshotTimestamp));
        string written = ProposalJson.ToJson(proposal).ToJsonString();
        Assert.Empty(schema.Validate(written));
        Assert.Equal(1796000000ul, ProposalJson.Parse(Encoding.UTF8.GetBytes(written)).ThrowIfFailed().SnapshotTimestamp);
    }

    [Theory]
    [InlineData("{", DaoErrorCodes.InvalidProposal)]
    [InlineData("[]", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"version\":2,", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"extra\":1,", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"strategy\":[],", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"strategy\":[{\"token\":\"0x5FbDB2315678afecb367f032d93F642f64180aA3\"}],", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"strategy\":[{\"token\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\",\"source\":\"pastVotes\"}],", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"strategy\":[{\"token\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\",\"timepoint\":5}],", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"strategy\":[{\"token\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\",\"weight\":\"-1\"}],", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"snapshot\":{\"timestamp\":1796000000,\"block\":2},", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"snapshot\":{\"timestamp\":253402300800},", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"snapshot\":{\"timestamp\":\"1796000000\"},", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"snapshot\":{\"block\":2,\"hash\":\"0x1234\"},", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"finality\":\"soon\",", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"minimumPower\":100,", DaoErrorCodes.InvalidProposal)]
    [InlineData("\"policy\":{\"version\":1},", "invalidDcqlQuery")]
    [InlineData("\"policy\":{\"version\":1,\"dcql\":{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]}}]},\"typo\":1},", "invalidPolicy")]
    public void HostileProposal_RefusedWithATypedError(string change, string code)
    {
        string example = File.ReadAllText(Path.Combine(Schemas, "dao-proposal", "v1", "example.json"));
        string json = change.StartsWith('"') ? Override(example, change) : change;

        var result = ProposalJson.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(code, result.Error?.Code);
    }

    // The example with the members of change replacing its own.
    private static string Override(string example, string change)
    {
        var obj = System.Text.Json.Nodes.JsonNode.Parse(example)!.AsObject();
        var replacement = System.Text.Json.Nodes.JsonNode.Parse("{" + change.TrimEnd(',') + "}")!.AsObject();
        foreach (var (name, value) in replacement.ToList())
        {
            obj[name] = value?.DeepClone();
        }

        return obj.ToJsonString();
    }
}
