namespace Did.Sdk.Devnet.Rpc;

/// <summary>A JSON-RPC error object: code, message and optional <c>data</c> (revert data as hex).</summary>
internal sealed record RpcFault(int Code, string Message, string? Data = null)
{
    public const int ParseError = -32700;
    public const int InvalidRequestCode = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParamsCode = -32602;
    public const int InternalError = -32603;
    public const int ServerError = -32000;
    public const int LimitExceeded = -32005;
    public const int ExecutionReverted = 3;

    public static RpcFault InvalidParams(string message) => new(InvalidParamsCode, message);

    public static RpcFault Server(string message) => new(ServerError, message);

    public static RpcFault InvalidRequest(string message) => new(InvalidRequestCode, message);
}
