using System.Collections.Immutable;
using System.Numerics;
using Nethereum.EVM.BlockchainState;

namespace Did.Sdk.Devnet.Chain;

/// <summary>
/// The world state as a persistent (immutable, structurally shared) map from address to account. Each
/// block keeps a reference to the state after it, so historical reads, snapshots, reverts and reorgs are
/// reference swaps; a write costs O(log n).
/// </summary>
internal sealed class WorldState
{
    public static readonly WorldState Empty = new(ImmutableDictionary<string, AccountState>.Empty.WithComparers(StringComparer.Ordinal));

    private WorldState(ImmutableDictionary<string, AccountState> accounts) => Accounts = accounts;

    public ImmutableDictionary<string, AccountState> Accounts { get; }

    /// <summary>The account at <paramref name="key"/> (a <see cref="StateKeys.Address(string)"/> key), empty if absent.</summary>
    public AccountState Get(string key) => Accounts.TryGetValue(key, out var account) ? account : AccountState.Empty;

    /// <summary>Replaces one account (an empty record removes it).</summary>
    public WorldState With(string key, AccountState account)
        => new(account.IsEmpty ? Accounts.Remove(key) : Accounts.SetItem(key, account));

    /// <summary>
    /// Folds what one transaction left in an <see cref="ExecutionStateService"/> into a new state and
    /// records the changes in <paramref name="diff"/>. Balances there are a delta on the loaded balance;
    /// nonce and code are null when untouched; storage holds every slot read or written.
    /// </summary>
    public WorldState Apply(ExecutionStateService execution, IEnumerable<string>? deletedAccounts, StateDiff diff)
    {
        var builder = Accounts.ToBuilder();
        foreach (var (address, account) in execution.AccountsState)
        {
            var key = StateKeys.Address(address);
            var old = builder.TryGetValue(key, out var existing) ? existing : AccountState.Empty;
            var storage = old.Storage;
            AccountChange? change = null;
            if (account.Storage.Count > 0)
            {
                ImmutableDictionary<BigInteger, byte[]>.Builder? slots = null;
                foreach (var (slot, value) in account.Storage)
                {
                    var cleared = StateKeys.IsZero(value);
                    var had = storage.TryGetValue(slot, out var previous);
                    var word = cleared ? null : StateKeys.Word(value);
                    if (cleared ? !had : had && previous.AsSpan().SequenceEqual(word))
                    {
                        continue;
                    }

                    slots ??= storage.ToBuilder();
                    if (word is null)
                    {
                        slots.Remove(slot);
                    }
                    else
                    {
                        slots[slot] = word;
                    }

                    change ??= diff.Touch(key);
                    change.Slots[slot] = word;
                }

                if (slots is not null)
                {
                    storage = slots.ToImmutable();
                }
            }

            var balance = old.Balance + (account.Balance?.ExecutionBalance ?? BigInteger.Zero);
            var nonce = account.Nonce ?? old.Nonce;
            var code = old.Code;
            if (account.Code is { } newCode && !newCode.AsSpan().SequenceEqual(old.Code))
            {
                code = newCode;
                change ??= diff.Touch(key);
                change.CodeChanged = true;
            }

            if (balance != old.Balance || nonce != old.Nonce)
            {
                change ??= diff.Touch(key);
            }

            if (change is null)
            {
                continue;
            }

            var updated = new AccountState(nonce, balance, code, storage);
            if (updated.IsEmpty)
            {
                builder.Remove(key);
            }
            else
            {
                builder[key] = updated;
            }
        }

        if (deletedAccounts is not null)
        {
            foreach (var deleted in deletedAccounts)
            {
                var key = StateKeys.Address(deleted);
                if (builder.Remove(key))
                {
                    var change = diff.Touch(key);
                    change.StorageReset = true;
                    change.Slots.Clear();
                }
            }
        }

        return new WorldState(builder.ToImmutable());
    }
}
