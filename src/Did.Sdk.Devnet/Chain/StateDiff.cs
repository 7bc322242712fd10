using System.Numerics;
using Did.Sdk.Ethereum.Rlp;

namespace Did.Sdk.Devnet.Chain;

/// <summary>
/// What one block changed in the world state: the accounts it touched and, per account, the storage
/// slots written. The final account fields are read from the block's state when the diff is stored.
/// </summary>
internal sealed class StateDiff
{
    public Dictionary<string, AccountChange> Accounts { get; } = new(StringComparer.Ordinal);

    public AccountChange Touch(string address)
    {
        if (!Accounts.TryGetValue(address, out var change))
        {
            change = new AccountChange();
            Accounts.Add(address, change);
        }

        return change;
    }

    /// <summary>
    /// The RLP of the diff with the final account fields from <paramref name="state"/>: a list of
    /// <c>[address, exists, nonce, balance, codeChanged, code, storageReset, [[slot, value]…]]</c> in address order.
    /// </summary>
    public byte[] Encode(WorldState state)
    {
        var entries = Accounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
        {
            var exists = state.Accounts.TryGetValue(a.Key, out var account);
            account ??= AccountState.Empty;
            return RlpItem.FromList(
                RlpItem.FromBytes(Convert.FromHexString(a.Key.AsSpan(2))),
                RlpItem.FromInteger(exists ? 1UL : 0UL),
                RlpItem.FromInteger(account.Nonce),
                RlpItem.FromInteger(account.Balance),
                RlpItem.FromInteger(a.Value.CodeChanged ? 1UL : 0UL),
                RlpItem.FromBytes(a.Value.CodeChanged ? account.Code : []),
                RlpItem.FromInteger(a.Value.StorageReset ? 1UL : 0UL),
                RlpItem.FromList(a.Value.Slots.OrderBy(s => s.Key).Select(s => RlpItem.FromList(
                    RlpItem.FromBytes(StateKeys.SlotBytes(s.Key)),
                    RlpItem.FromBytes(s.Value ?? [])))));
        });
        return RlpCodec.Encode(RlpItem.FromList(entries));
    }
}

/// <summary>The changes of one account within a block.</summary>
internal sealed class AccountChange
{
    /// <summary>The account was deleted at some point (its storage starts from empty).</summary>
    public bool StorageReset { get; set; }

    /// <summary>The code was (re)written.</summary>
    public bool CodeChanged { get; set; }

    /// <summary>Slots written, with their final 32-byte value or null when cleared.</summary>
    public Dictionary<BigInteger, byte[]?> Slots { get; } = [];
}
