// eth_call (geth semantics: the state after the chosen block, that block's context, revert data as
// JSON-RPC error 3) and eth_estimateGas (one run at the cap, then the gas it consumed before refunds,
// else geth's search: an optimistic guess, then binary search to 1.5 %).
using System.Numerics;
using Did.Sdk.Devnet.Rpc;
using Did.Sdk.Ethereum;
using Nethereum.EVM;
using Nethereum.EVM.Gas;

namespace Did.Sdk.Devnet.Chain;

internal sealed partial class DevnetChain
{
    private const double EstimateErrorRatio = 0.015;

    /// <summary>geth's default RPC gas cap for eth_call.</summary>
    private const ulong CallGasCap = 50_000_000;

    /// <summary><c>eth_call</c> at <paramref name="at"/>: the return data, or the revert as geth reports it.</summary>
    public Outcome<byte[]> Call(CallRequest request, Block at)
    {
        lock (_gate)
        {
            var env = new BlockEnv(at.Number, at.Timestamp, at.BaseFee, at.GasLimit, new BigInteger(at.MixHash, isUnsigned: true, isBigEndian: true));
            var from = request.From is { } f ? StateKeys.Address(f) : StateKeys.Address(EthereumAddress.Zero);
            var gas = Math.Min(request.Gas ?? at.GasLimit, Math.Max(at.GasLimit, CallGasCap));
            var ctx = NewContext(env, from, request.To, request.Data, request.Value, gas, at.State.Get(from).Nonce);
            ctx.Mode = ExecutionMode.Call;
            var run = Run(at.State, env, ctx, diff: null, commit: false);
            return run.Result.Success ? run.Result.ReturnData ?? [] : Failure(run.Result);
        }
    }

    /// <summary><c>eth_estimateGas</c> on the state after <paramref name="at"/>, as if in the next block.</summary>
    public Outcome<ulong> EstimateGas(CallRequest request, Block at)
    {
        lock (_gate)
        {
            var env = new BlockEnv(at.Number + 1, Math.Max(at.Timestamp + 1, (ulong)Math.Max(0, WallSeconds + _timeOffset)), BigInteger.Zero, _settings.BlockGasLimit, BigInteger.Zero);
            var from = request.From is { } f ? StateKeys.Address(f) : StateKeys.Address(EthereumAddress.Zero);
            var nonce = at.State.Get(from).Nonce;
            var cap = request.Gas is { } g ? Math.Min(g, _settings.BlockGasLimit) : _settings.BlockGasLimit;
            var intrinsic = IntrinsicGasCalculator.CalculateIntrinsicGas(request.Data, request.To is null, null);
            if (_prague)
            {
                intrinsic = BigInteger.Max(intrinsic, IntrinsicGasCalculator.CalculateFloorGasLimit(request.Data, request.To is null));
            }

            if (intrinsic > cap)
            {
                return RpcFault.Server($"intrinsic gas too low: gas {cap}, minimum needed {intrinsic}");
            }

            TxRun Try(ulong gas) => Run(at.State, env, NewContext(env, from, request.To, request.Data, request.Value, gas, nonce), diff: null, commit: false);

            var first = Try(cap);
            if (!first.Result.Success)
            {
                if (first.Result.IsValidationError)
                {
                    return RpcFault.Server(ValidationMessage(first.Result.Error));
                }

                return first.Result.ReturnData is { Length: > 0 } || first.GasUsed < cap
                    ? Failure(first.Result)
                    : RpcFault.Server($"gas required exceeds allowance ({cap})");
            }

            var lo = (ulong)intrinsic - 1;
            var hi = cap;
            var used = first.GasUsed;
            lo = Math.Max(lo, used - 1);
            var refund = first.Result.GasRefund.Sign > 0 ? (ulong)first.Result.GasRefund : 0UL;

            // Most calls need exactly what they consumed before refunds; one run confirms it and saves
            // the search (which remains for the 63/64 rule and the SSTORE stipend sentry).
            var exact = used + refund;
            if (exact < hi && Try(exact).Result.Success)
            {
                return exact;
            }

            lo = Math.Max(lo, Math.Min(exact, hi - 1));
            var optimistic = (used + refund + 2300) * 64 / 63;
            if (optimistic < hi)
            {
                if (Try(optimistic).Result.Success)
                {
                    hi = optimistic;
                }
                else
                {
                    lo = optimistic;
                }
            }

            while (lo + 1 < hi)
            {
                if ((double)(hi - lo) / hi < EstimateErrorRatio)
                {
                    break;
                }

                var mid = lo + ((hi - lo) / 2);
                if (mid > lo * 2)
                {
                    mid = lo * 2;
                }

                if (Try(mid).Result.Success)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            return hi;
        }
    }

    // geth: revert data present -> code 3 "execution reverted[: reason]" with the data; otherwise -32000.
    private static RpcFault Failure(TransactionExecutionResult result)
    {
        if (result.ReturnData is { Length: > 0 } data)
        {
            var message = string.IsNullOrEmpty(result.RevertReason) ? "execution reverted" : "execution reverted: " + result.RevertReason;
            return new RpcFault(RpcFault.ExecutionReverted, message, Hex.Encode(data));
        }

        return RpcFault.Server(string.IsNullOrEmpty(result.Error) ? "execution reverted" : result.Error);
    }
}
