using System.Text;

namespace Did.Sdk.Ethereum.Tests;

/// <summary>Regressions from the security review: input-chosen recursion depth and cost in EIP-712.</summary>
public sealed class Eip712RegressionTests
{
    private const string Domain = """{"name":"x"}""";

    private static string Chain(int length, string primaryType, string message)
    {
        var types = new StringBuilder("""{"EIP712Domain":[{"name":"name","type":"string"}]""");
        for (var i = 0; i < length; i++)
        {
            var field = i + 1 < length ? $$"""{"name":"a","type":"T{{i + 1}}"}""" : """{"name":"a","type":"uint256"}""";
            types.Append($$""","T{{i}}":[{{field}}]""");
        }

        types.Append('}');
        return $$"""{"types":{{types}},"primaryType":"{{primaryType}}","domain":{{Domain}},"message":{{message}}}""";
    }

    private static T OnSmallStack<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 128 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        return result;
    }

    [Fact]
    public void Parse_StructChainLongerThanTypeCap_ReturnsInvalidTypedData()
    {
        var json = Chain(50_000, "T0", """{"a":{}}""");

        var result = OnSmallStack(() => Eip712TypedData.Parse(json));

        Assert.False(result.Succeeded);
        Assert.True(result.Error.Code is EthereumErrorCodes.InvalidTypedData or ErrorCodes.InputTooLarge, result.Error.ToString());
    }

    [Fact]
    public void Parse_LargerThanMaxInputBytes_ReturnsInputTooLarge()
    {
        var json = Chain(10, "T0", """{"a":{}}""") + new string(' ', Eip712TypedData.MaxInputBytes);

        Assert.Equal(ErrorCodes.InputTooLarge, Eip712TypedData.Parse(json).Error!.Code);
    }

    [Fact]
    public void Parse_ChainOverTypeCap_ReturnsInvalidTypedData()
    {
        var json = Chain(Eip712TypedData.MaxTypes, "EIP712Domain", "{}");

        var result = Eip712TypedData.Parse(json);

        Assert.Equal(EthereumErrorCodes.InvalidTypedData, result.Error!.Code);
        Assert.Contains("more than", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeType_LongestAllowedChain_WorksOnSmallStack()
    {
        var data = Eip712TypedData.Parse(Chain(Eip712TypedData.MaxTypes - 1, "EIP712Domain", "{}")).ThrowIfFailed();

        var encoded = OnSmallStack(() => data.EncodeType("T0"));

        Assert.StartsWith("T0(T1 a)T1(T2 a)T10(T11 a)", encoded, StringComparison.Ordinal);
        Assert.Contains($"T{Eip712TypedData.MaxTypes - 2}(uint256 a)", encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyFields_ReturnsInvalidTypedData()
    {
        var fields = string.Join(',', Enumerable.Range(0, Eip712TypedData.MaxFieldsPerType + 1).Select(i => $$"""{"name":"f{{i}}","type":"uint8"}"""));
        var json = $$$"""{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"M":[{{{fields}}}]},"primaryType":"M","domain":{{{Domain}}},"message":{}}""";

        Assert.Equal(EthereumErrorCodes.InvalidTypedData, Eip712TypedData.Parse(json).Error!.Code);
    }

    [Fact]
    public void Parse_MessageWithUnknownMember_ReturnsInvalidTypedData()
    {
        var json = """{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"M":[{"name":"a","type":"uint8"}]},"primaryType":"M","domain":{"name":"x"},"message":{"a":1,"b":2}}""";

        var result = Eip712TypedData.Parse(json);

        Assert.Equal(EthereumErrorCodes.InvalidTypedData, result.Error!.Code);
        Assert.Contains("'b'", result.Error.Message, StringComparison.Ordinal);
    }
}
