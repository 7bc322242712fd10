using System.Runtime.InteropServices;

namespace Did.Sdk.Fuzz;

/// <summary>The targets of <see cref="Targets"/>, kept apart so that naming them runs no SDK code.</summary>
internal static class TargetNames
{
    public static readonly string[] All = ["jose", "did", "sdjwt", "statuslist", "rlp", "abi", "eip712", "jsonrpc"];
}

/// <summary>SharpFuzz's coverage map when no afl-fuzz provides one.</summary>
internal static class Coverage
{
    /// <summary>
    /// Points the instrumentation at a private 64 KiB map, so that an instrumented build can replay
    /// inputs without afl-fuzz (an uninstrumented build ignores it).
    /// </summary>
    public static unsafe void UsePrivateMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
        }
    }
}
