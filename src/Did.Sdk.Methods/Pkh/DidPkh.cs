using System.Globalization;

namespace Did.Sdk.Methods;

/// <summary>Creates <c>did:pkh</c> identifiers from CAIP-10 account ids.</summary>
public static class DidPkh
{
    /// <summary>The did:pkh of a CAIP-10 account id (<c>eip155:1:0xab…</c>); fails with <c>invalidDid</c>.</summary>
    public static Result<Did> Create(string accountId)
    {
        var account = BlockchainAccountId.Parse(accountId);
        return account.Succeeded ? Create(account.Value) : account.Error;
    }

    /// <summary>The did:pkh of a validated account id.</summary>
    public static Did Create(BlockchainAccountId accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return Did.Parse("did:pkh:" + accountId).ThrowIfFailed();
    }

    /// <summary>
    /// The did:pkh of an Ethereum account on an EVM chain: <c>did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt;</c>.
    /// The address is written as given (checksummed or lower case); fails with <c>invalidDid</c>.
    /// </summary>
    public static Result<Did> CreateEip155(ulong chainId, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Create("eip155:" + chainId.ToString(CultureInfo.InvariantCulture) + ":" + address);
    }

    /// <summary>The CAIP-10 account id of a did:pkh DID; fails with <c>invalidDid</c>.</summary>
    public static Result<BlockchainAccountId> GetAccountId(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return did.Method == "pkh"
            ? BlockchainAccountId.Parse(did.MethodSpecificId)
            : Result<BlockchainAccountId>.Failure(DidResolutionErrors.InvalidDid, $"{did} is not a did:pkh.");
    }
}
