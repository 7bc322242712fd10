using System.Text.Json.Nodes;

namespace Did.Sdk.Devnet.Rpc;

/// <summary>The answer to one call: a result (JSON null is a valid result) XOR an error.</summary>
internal readonly record struct RpcAnswer(JsonNode? Result, RpcFault? Fault)
{
    public static RpcAnswer Of(JsonNode? result) => new(result, null);

    public static RpcAnswer Error(RpcFault fault) => new(null, fault);
}
