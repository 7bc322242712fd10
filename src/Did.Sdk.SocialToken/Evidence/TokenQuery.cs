using System.Numerics;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;

namespace Did.Sdk.SocialToken;

/// <summary>One read of one token contract, for <see cref="TokenEvidenceReader"/>.</summary>
public sealed record TokenQuery
{
    private TokenQuery(TokenQueryKind kind, EthereumAddress contract, EthereumAddress? account, BigInteger? tokenId, ulong? timepoint)
    {
        Kind = kind;
        Contract = contract;
        Account = account;
        TokenId = tokenId;
        Timepoint = timepoint;
    }

    /// <summary>What is read.</summary>
    public TokenQueryKind Kind { get; }

    /// <summary>The token contract.</summary>
    public EthereumAddress Contract { get; }

    /// <summary>The account (wallet) read, for per-account queries.</summary>
    public EthereumAddress? Account { get; }

    /// <summary>The token id (ERC-721, ERC-1155).</summary>
    public BigInteger? TokenId { get; }

    /// <summary>The ERC-6372 timepoint of <see cref="TokenQueryKind.PastVotes"/>.</summary>
    public ulong? Timepoint { get; }

    /// <summary>ERC-20 or ERC-721 <c>balanceOf(account)</c>.</summary>
    public static TokenQuery BalanceOf(EthereumAddress contract, EthereumAddress account) => new(TokenQueryKind.BalanceOf, contract, account, null, null);

    /// <summary>ERC-1155 <c>balanceOf(account, id)</c>.</summary>
    public static TokenQuery Erc1155BalanceOf(EthereumAddress contract, EthereumAddress account, BigInteger id) => new(TokenQueryKind.Erc1155BalanceOf, contract, account, NonNegative(id), null);

    /// <summary>ERC-721 <c>ownerOf(tokenId)</c>.</summary>
    public static TokenQuery OwnerOf(EthereumAddress contract, BigInteger tokenId) => new(TokenQueryKind.OwnerOf, contract, null, NonNegative(tokenId), null);

    /// <summary>ERC20Votes <c>getPastVotes(account, timepoint)</c>.</summary>
    public static TokenQuery PastVotes(EthereumAddress contract, EthereumAddress account, ulong timepoint) => new(TokenQueryKind.PastVotes, contract, account, null, timepoint);

    /// <summary>ERC20Votes <c>getVotes(account)</c>.</summary>
    public static TokenQuery Votes(EthereumAddress contract, EthereumAddress account) => new(TokenQueryKind.Votes, contract, account, null, null);

    /// <summary>ERC20Votes <c>delegates(account)</c>.</summary>
    public static TokenQuery Delegates(EthereumAddress contract, EthereumAddress account) => new(TokenQueryKind.Delegates, contract, account, null, null);

    /// <summary>ERC-5192 <c>locked(tokenId)</c>.</summary>
    public static TokenQuery Locked(EthereumAddress contract, BigInteger tokenId) => new(TokenQueryKind.Locked, contract, null, NonNegative(tokenId), null);

    /// <summary>Ownable <c>owner()</c>.</summary>
    public static TokenQuery Owner(EthereumAddress contract) => new(TokenQueryKind.Owner, contract, null, null, null);

    /// <summary>The call data of this read.</summary>
    public byte[] EncodeCall() => Kind switch
    {
        TokenQueryKind.BalanceOf => AbiCodec.EncodeCall("balanceOf(address)", Account!.Value),
        TokenQueryKind.Erc1155BalanceOf => AbiCodec.EncodeCall("balanceOf(address,uint256)", Account!.Value, TokenId!.Value),
        TokenQueryKind.OwnerOf => AbiCodec.EncodeCall("ownerOf(uint256)", TokenId!.Value),
        TokenQueryKind.PastVotes => AbiCodec.EncodeCall("getPastVotes(address,uint256)", Account!.Value, new BigInteger(Timepoint!.Value)),
        TokenQueryKind.Votes => AbiCodec.EncodeCall("getVotes(address)", Account!.Value),
        TokenQueryKind.Delegates => AbiCodec.EncodeCall("delegates(address)", Account!.Value),
        TokenQueryKind.Locked => AbiCodec.EncodeCall("locked(uint256)", TokenId!.Value),
        _ => AbiCodec.EncodeCall("owner()"),
    };

    /// <summary>The ABI type of the answer.</summary>
    internal AbiType ResultType => Kind switch
    {
        TokenQueryKind.OwnerOf or TokenQueryKind.Delegates or TokenQueryKind.Owner => AbiType.Address,
        TokenQueryKind.Locked => AbiType.Bool,
        _ => AbiType.Uint256,
    };

    private static BigInteger NonNegative(BigInteger value)
        => value.Sign >= 0 && value.GetBitLength() <= 256 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A token id is a uint256.");
}
