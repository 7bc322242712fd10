using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk.Devnet.Rpc;

/// <summary>A value XOR a JSON-RPC error, for the internal request path (untrusted input never throws).</summary>
internal readonly struct Outcome<T>
{
    private Outcome(T? value, RpcFault? fault)
    {
        Value = value;
        Fault = fault;
    }

    public T? Value { get; }

    public RpcFault? Fault { get; }

    [MemberNotNullWhen(false, nameof(Fault))]
    public bool Ok => Fault is null;

    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Internal convenience.")]
    public static implicit operator Outcome<T>(T value) => new(value, null);

    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Internal convenience.")]
    public static implicit operator Outcome<T>(RpcFault fault) => new(default, fault);
}
