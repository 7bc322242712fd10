// Transaction admission as a node checks it (geth txpool/state-transition rules and messages: chain id,
// intrinsic gas, EIP-7623 floor, block gas limit, fee cap vs tip and base fee, EIP-3860 init code size,
// nonce, balance for gas * price + value, EIP-3607 sender code), execution with Nethereum.EVM and
// block sealing.
using System.Numerics;
using Did.Sdk.Devnet.Rpc;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Transactions;
using Nethereum.EVM;
using Nethereum.EVM.BlockchainState;
using Nethereum.EVM.Gas;
using EvmAccessListEntry = Nethereum.EVM.Gas.AccessListEntry;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Did.Sdk.Devnet.Chain;

internal sealed partial class DevnetChain
{
    /// <summary>geth's txMaxSize: 4 slots of 32 KiB.</summary>
    public const int MaxTransactionBytes = 128 * 1024;

    /// <summary>EIP-3860.</summary>
    public const int MaxInitCodeBytes = 49_152;

    private static readonly RlpDecodeOptions TransactionRlp = new() { MaxInputSize = MaxTransactionBytes, MaxDepth = 8 };

    /// <summary>The environment of the block a transaction or call executes in.</summary>
    private sealed record BlockEnv(ulong Number, ulong Timestamp, BigInteger BaseFee, ulong GasLimit, BigInteger PrevRandao);

    /// <summary>What executing one transaction gave.</summary>
    private sealed record TxRun(TransactionExecutionResult Result, TransactionExecutionContext Context, WorldState StateAfter, IReadOnlyList<LogRecord> Logs, ulong GasUsed);

    /// <summary>
    /// <c>eth_sendRawTransaction</c>: decodes, checks and admits a signed transaction; with automining
    /// mines it at once. Returns the transaction hash, or the node's refusal.
    /// </summary>
    public Outcome<string> SubmitRawTransaction(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxTransactionBytes)
        {
            return RpcFault.Server($"oversized data: transaction size {raw.Length}, limit {MaxTransactionBytes}");
        }

        var decoded = SignedTransaction.Decode(raw, TransactionRlp);
        if (!decoded.Succeeded)
        {
            return decoded.Error.Code switch
            {
                EthereumErrorCodes.UnsupportedTransactionType => RpcFault.Server("transaction type not supported"),
                EthereumErrorCodes.NonCanonicalSignature => RpcFault.Server("invalid transaction v, r, s values"),
                EthereumErrorCodes.InvalidSignature => RpcFault.Server("invalid sender"),
                EthereumErrorCodes.InvalidRlp => RpcFault.Server("rlp: " + decoded.Error.Message),
                _ => RpcFault.Server("invalid transaction: " + decoded.Error.Message),
            };
        }

        var tx = new TransactionRecord(decoded.Value);
        RpcFault? fault;
        bool mined;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            fault = AdmitLocked(tx);
            if (fault is not null)
            {
                return fault;
            }

            _pool.Add(tx);
            mined = _settings.AutoMine;
            if (mined)
            {
                var block = SealLocked(NextTimestampLocked(), [], out var rejected);
                fault = rejected.FirstOrDefault(r => ReferenceEquals(r.Transaction, tx)).Fault;
                if (fault is not null && block.Transactions.Count == 0)
                {
                    // The executor refused what the admission checks let through: no empty block for it.
                    TruncateLocked(block.Number - 1);
                    mined = false;
                }
            }
        }

        if (mined)
        {
            RaiseHeadsChanged("mine");
        }

        return fault is null ? tx.HashHex : fault;
    }

    private RpcFault? AdmitLocked(TransactionRecord tx)
    {
        var f = tx.Fields;
        if (f.ChainId is not { } chainId)
        {
            return RpcFault.Server("only replay-protected (EIP-155) transactions allowed over RPC");
        }

        if (chainId != _settings.ChainId)
        {
            return RpcFault.Server($"invalid chain id for signer: have {chainId} want {_settings.ChainId}");
        }

        if (_transactions.ContainsKey(tx.HashHex) || _pool.Exists(p => p.HashHex == tx.HashHex))
        {
            return RpcFault.Server("already known");
        }

        if (StaticCheck(tx) is { } invalid)
        {
            return invalid;
        }

        var head = _blocks[^1];
        var sender = head.State.Get(StateKeys.Address(tx.From));
        var pending = sender.Nonce + _pool.Count(p => p.From == tx.From);
        if (f.Nonce < sender.Nonce)
        {
            return RpcFault.Server($"nonce too low: next nonce {sender.Nonce}, tx nonce {f.Nonce}");
        }

        if (f.Nonce < pending)
        {
            return RpcFault.Server("replacement transaction underpriced");
        }

        if (f.Nonce > pending)
        {
            return RpcFault.Server($"nonce too high: next nonce {pending}, tx nonce {f.Nonce}");
        }

        return StateCheck(tx, sender, BlockEncoding.NextBaseFee(head));
    }

    /// <summary>The checks that need no state.</summary>
    private RpcFault? StaticCheck(TransactionRecord tx)
    {
        var f = tx.Fields;
        var data = f.Data.ToArray();
        var create = f.To is null;
        var intrinsic = IntrinsicGasCalculator.CalculateIntrinsicGas(data, create, ToAccessList(f.AccessList));
        if (f.GasLimit < intrinsic)
        {
            return RpcFault.Server($"intrinsic gas too low: gas {f.GasLimit}, minimum needed {intrinsic}");
        }

        if (_prague)
        {
            var floor = IntrinsicGasCalculator.CalculateFloorGasLimit(data, create);
            if (f.GasLimit < floor)
            {
                return RpcFault.Server($"insufficient gas for floor data gas cost: gas {f.GasLimit}, minimum needed {floor}");
            }
        }

        if (f.GasLimit > _settings.BlockGasLimit)
        {
            return RpcFault.Server("exceeds block gas limit");
        }

        if (f.Type == TransactionType.Eip1559 && f.MaxPriorityFeePerGas > f.MaxFeePerGas)
        {
            return RpcFault.Server($"max priority fee per gas higher than max fee per gas: address {tx.From.ToLowerCaseString()}, maxPriorityFeePerGas: {f.MaxPriorityFeePerGas}, maxFeePerGas: {f.MaxFeePerGas}");
        }

        if (create && data.Length > MaxInitCodeBytes)
        {
            return RpcFault.Server($"max initcode size exceeded: code size {data.Length}, limit {MaxInitCodeBytes}");
        }

        return null;
    }

    /// <summary>The checks against the sender's account and the base fee of the block the transaction goes into.</summary>
    private static RpcFault? StateCheck(TransactionRecord tx, AccountState sender, BigInteger baseFee)
    {
        var f = tx.Fields;
        var from = tx.From.ToLowerCaseString();
        if (tx.FeeCap < baseFee)
        {
            return RpcFault.Server($"max fee per gas less than block base fee: address {from}, maxFeePerGas: {tx.FeeCap}, baseFee: {baseFee}");
        }

        if (sender.Code.Length > 0)
        {
            return RpcFault.Server($"sender not an eoa: address {from}, codehash: {Hex.Encode(Keccak256.Hash(sender.Code))}");
        }

        var cost = (new BigInteger(f.GasLimit) * tx.FeeCap) + f.Value;
        if (sender.Balance < cost)
        {
            return RpcFault.Server($"insufficient funds for gas * price + value: balance {sender.Balance}, tx cost {cost}, overshot {cost - sender.Balance}");
        }

        return null;
    }

    /// <summary>
    /// Seals the next block with the pool's transactions (then <paramref name="extra"/>'s) that fit and
    /// still validate; rejected ones leave the pool with their reason, ones that do not fit stay.
    /// </summary>
    private Block SealLocked(ulong timestamp, IReadOnlyList<TransactionRecord> extra, out List<(TransactionRecord Transaction, RpcFault Fault)> rejected, byte[]? extraData = null)
    {
        var parent = _blocks[^1];
        var number = parent.Number + 1;
        var baseFee = BlockEncoding.NextBaseFee(parent);
        var mixHash = BlockEncoding.MixHash(parent.Hash, number);
        var env = new BlockEnv(number, timestamp, baseFee, _settings.BlockGasLimit, new BigInteger(mixHash, isUnsigned: true, isBigEndian: true));
        var state = parent.State;
        var diff = new StateDiff();
        var included = new List<TransactionRecord>();
        var receipts = new List<ReceiptRecord>();
        var left = new List<TransactionRecord>();
        rejected = [];
        ulong gasUsed = 0;
        var logIndex = 0;
        var waiting = new HashSet<EthereumAddress>();
        foreach (var tx in _pool.Concat(extra).ToList())
        {
            // A transaction that does not fit waits for the next block, and so do its sender's later ones.
            if (gasUsed + tx.Fields.GasLimit > _settings.BlockGasLimit || waiting.Contains(tx.From))
            {
                left.Add(tx);
                waiting.Add(tx.From);
                continue;
            }

            var sender = state.Get(StateKeys.Address(tx.From));
            var fault = tx.Fields.Nonce != sender.Nonce
                ? RpcFault.Server(tx.Fields.Nonce < sender.Nonce
                    ? $"nonce too low: next nonce {sender.Nonce}, tx nonce {tx.Fields.Nonce}"
                    : $"nonce too high: next nonce {sender.Nonce}, tx nonce {tx.Fields.Nonce}")
                : StateCheck(tx, sender, baseFee);
            var run = fault is null ? Execute(state, env, tx, diff, out fault) : null;
            if (run is null)
            {
                rejected.Add((tx, fault!));
                continue;
            }

            state = run.StateAfter;
            gasUsed += run.GasUsed;
            var receipt = new ReceiptRecord(
                run.Result.Success,
                run.GasUsed,
                gasUsed,
                tx.EffectiveGasPrice(baseFee),
                tx.Fields.To is null ? CreateAddress(tx.From, tx.Fields.Nonce) : null,
                run.Logs,
                BlockEncoding.Bloom(run.Logs),
                logIndex);
            logIndex += run.Logs.Count;
            included.Add(tx);
            receipts.Add(receipt);
        }

        _pool.Clear();
        _pool.AddRange(left);
        var block = BuildBlock(_prague, parent.Hash, parent.StateRoot, number, timestamp, baseFee, _settings.BlockGasLimit, included, receipts, gasUsed, extraData ?? [], state, diff, mixHash);
        AddBlockLocked(block, persist: true);
        return block;
    }

    /// <summary>The CREATE address keccak256(rlp([sender, nonce]))[12..], which geth reports for every creation, failed or not.</summary>
    public static EthereumAddress CreateAddress(EthereumAddress sender, ulong nonce)
        => EthereumAddress.FromBytes(Keccak256.Hash(RlpCodec.Encode(RlpItem.FromList(RlpItem.FromBytes(sender.ToArray()), RlpItem.FromInteger(nonce)))).AsSpan(12));

    /// <summary>Assembles a block: bloom, roots, state commitment, header RLP and hash.</summary>
    public static Block BuildBlock(bool prague, byte[] parentHash, byte[] parentStateRoot, ulong number, ulong timestamp, BigInteger baseFee, ulong gasLimit,
        IReadOnlyList<TransactionRecord> transactions, IReadOnlyList<ReceiptRecord> receipts, ulong gasUsed, byte[] extraData,
        WorldState state, StateDiff diff, byte[]? mixHash = null)
    {
        var bloom = new byte[256];
        foreach (var receipt in receipts)
        {
            BlockEncoding.OrInto(bloom, receipt.Bloom);
        }

        var txRoot = BlockEncoding.TrieRoot(transactions.Select(t => t.Signed.RawBytes.ToArray()).ToList());
        var receiptRoot = BlockEncoding.TrieRoot(receipts.Select((r, i) => BlockEncoding.EncodeReceipt(transactions[i].Fields.Type, r)).ToList());
        mixHash ??= number == 0 ? new byte[32] : BlockEncoding.MixHash(parentHash, number);

        // Not the Merkle-Patricia state root: a chained commitment to every state diff, so that the
        // block hash covers the state and a state file cannot be edited unnoticed.
        var diffRlp = diff.Encode(state);
        var stateRoot = Keccak256.Hash([.. parentStateRoot, .. Keccak256.Hash(diffRlp)]);
        var fields = new HeaderFields(parentHash, Coinbase, stateRoot, txRoot, receiptRoot, bloom, number, gasLimit, gasUsed, timestamp, extraData, mixHash, baseFee);
        var rlp = BlockEncoding.EncodeHeader(fields, prague);
        var hash = Keccak256.Hash(rlp);
        return new Block
        {
            Number = number,
            Hash = hash,
            HashHex = Hex.Encode(hash),
            ParentHash = parentHash,
            Timestamp = timestamp,
            BaseFee = baseFee,
            GasLimit = gasLimit,
            GasUsed = gasUsed,
            LogsBloom = bloom,
            TransactionsRoot = txRoot,
            ReceiptsRoot = receiptRoot,
            StateRoot = fields.StateRoot,
            MixHash = mixHash,
            ExtraData = extraData,
            Miner = Coinbase,
            HeaderRlp = rlp,
            Size = BlockEncoding.BlockSize(rlp, transactions),
            Transactions = transactions,
            Receipts = receipts,
            State = state,
            Diff = diff,
            DiffRlp = diffRlp,
        };
    }

    /// <summary>Executes a signed transaction on <paramref name="state"/>; null with the reason when it does not validate.</summary>
    private TxRun? Execute(WorldState state, BlockEnv env, TransactionRecord tx, StateDiff diff, out RpcFault? fault)
    {
        var f = tx.Fields;
        var ctx = NewContext(env, StateKeys.Address(tx.From), f.To, f.Data.ToArray(), f.Value, f.GasLimit, f.Nonce);
        ctx.AccessList = ToAccessList(f.AccessList);
        if (f.Type == TransactionType.Eip1559)
        {
            ctx.IsEip1559 = true;
            ctx.MaxFeePerGas = f.MaxFeePerGas;
            ctx.MaxPriorityFeePerGas = f.MaxPriorityFeePerGas;
            ctx.GasPrice = f.MaxFeePerGas;
        }
        else
        {
            ctx.GasPrice = f.GasPrice;
        }

        var run = Run(state, env, ctx, diff, commit: true);
        if (run.Result.IsValidationError)
        {
            fault = RpcFault.Server(ValidationMessage(run.Result.Error));
            return null;
        }

        fault = null;
        return run;
    }

    private static TransactionExecutionContext NewContext(BlockEnv env, string sender, EthereumAddress? to, byte[] data, BigInteger value, BigInteger gas, BigInteger nonce)
        => new()
        {
            Mode = ExecutionMode.Transaction,
            Sender = sender,
            To = to?.ToLowerCaseString(),
            IsContractCreation = to is null,
            Data = data,
            Value = value,
            GasLimit = gas,
            Nonce = nonce,
            AccessList = [],
            BlockNumber = checked((long)env.Number),
            Timestamp = checked((long)env.Timestamp),
            Coinbase = Coinbase,
            BaseFee = env.BaseFee,
            Difficulty = env.PrevRandao,
            BlockGasLimit = env.GasLimit,
        };

    /// <summary>
    /// Runs one context on a fresh <see cref="ExecutionStateService"/> (never shared: it keeps warm sets,
    /// original values and transient storage) and folds the result into a new state when
    /// <paramref name="commit"/> and the run passed validation.
    /// </summary>
    private TxRun Run(WorldState state, BlockEnv env, TransactionExecutionContext ctx, StateDiff? diff, bool commit)
    {
        var current = env.Number;
        var execution = new ExecutionStateService(new StateReader(state, n => BlockHashFor(n, current)));
        ctx.ExecutionState = execution;
        ctx.ChainId = _settings.ChainId;

        // Nethereum.EVM 6.1.0 reads the sender's balance from its cache without loading it: preload it.
        _ = Complete(execution.GetTotalBalanceAsync(ctx.Sender));
        TransactionExecutionResult result;
        try
        {
            result = Complete(_executor.ExecuteAsync(ctx));
        }
#pragma warning disable CA1031 // An EVM fault is a failed transaction, never a crashed devnet.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new TransactionExecutionResult { Success = false, Error = ex.Message, GasUsed = ctx.GasLimit, IsValidationError = true };
        }

        if (!result.Success && !result.IsValidationError && result.ProgramResult is null && !string.IsNullOrEmpty(result.Error) && result.GasUsed < ctx.GasLimit)
        {
            // An exception escaped the frame: the sender paid gasLimit * price without refund.
            result.GasUsed = ctx.GasLimit;
        }

        var logs = result.Success ? ToLogs(result) : [];
        var after = commit && !result.IsValidationError && diff is not null ? state.Apply(execution, result.DeletedAccounts, diff) : state;
        var gasUsed = result.GasUsed.Sign < 0 ? 0UL : (ulong)BigInteger.Min(result.GasUsed, ulong.MaxValue);
        return new TxRun(result, ctx, after, logs, gasUsed);
    }

    private static T Complete<T>(Task<T> task) => task.IsCompletedSuccessfully ? task.Result : task.GetAwaiter().GetResult();

    // The executor's raw logs: topics and data as hex without 0x, the address in the caller's case.
    private static List<LogRecord> ToLogs(TransactionExecutionResult result)
    {
        var logs = new List<LogRecord>(result.Logs?.Count ?? 0);
        foreach (var log in result.Logs ?? [])
        {
            var topics = new List<byte[]>(log.Topics?.Length ?? 0);
            foreach (var topic in log.Topics ?? [])
            {
                topics.Add(topic is byte[] bytes ? bytes : (topic?.ToString() ?? string.Empty).HexToByteArray());
            }

            logs.Add(new LogRecord(
                EthereumAddress.Parse(StateKeys.Address(log.Address ?? string.Empty)).ThrowIfFailed(),
                topics,
                string.IsNullOrEmpty(log.Data) ? [] : log.Data.HexToByteArray()));
        }

        return logs;
    }

    private static List<EvmAccessListEntry> ToAccessList(IReadOnlyList<Ethereum.Transactions.AccessListEntry> list)
        => list.Select(e => new EvmAccessListEntry
        {
            Address = e.Address.ToLowerCaseString(),
            StorageKeys = e.StorageKeys.Select(k => Hex.Encode(k.Span)).ToList(),
        }).ToList();

    // Nethereum's validation errors, in the words geth uses.
    private static string ValidationMessage(string? error)
    {
        var text = error ?? "invalid transaction";
        return text switch
        {
            _ when text.Contains("Insufficient balance", StringComparison.OrdinalIgnoreCase) => "insufficient funds for gas * price + value",
            _ when text.Contains("Intrinsic gas", StringComparison.OrdinalIgnoreCase) => "intrinsic gas too low",
            _ when text.Contains("INSUFFICIENT_MAX_FEE_PER_GAS", StringComparison.Ordinal) => "max fee per gas less than block base fee",
            _ when text.Contains("SENDER_NOT_EOA", StringComparison.Ordinal) => "sender not an eoa",
            _ when text.Contains("INITCODE_SIZE_EXCEEDED", StringComparison.Ordinal) => "max initcode size exceeded",
            _ when text.Contains("GAS_ALLOWANCE_EXCEEDED", StringComparison.Ordinal) => "exceeds block gas limit",
            _ => text,
        };
    }

    /// <summary><c>evm_mine</c>: mines one block with the pool's transactions, at <paramref name="timestamp"/> when given.</summary>
    public Outcome<Block> Mine(ulong? timestamp = null)
    {
        Block block;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (timestamp is { } t)
            {
                if (TimestampFault(t) is { } fault)
                {
                    return fault;
                }

                _nextTimestamp = t;
            }

            block = SealLocked(NextTimestampLocked(), [], out _);
        }

        RaiseHeadsChanged("mine");
        return block;
    }
}
