using System.Numerics;

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
