// Receipts are compact JWS (typ "eligibility-receipt+jwt") signed by the DAO tool's DID key, so anyone with
// the tool's DID can check them offline: the key is found in the DID document (assertionMethod) at the
// finality the checker chooses. The payload is JSON with the power as a decimal string (uint256 does not fit
// JSON numbers) and times in seconds since the epoch.
using System.Globalization;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Methods;

namespace Did.Sdk.Dao;

/// <summary>Signs and verifies <see cref="EligibilityReceipt"/>s.</summary>
public static class EligibilityReceipts
{
    /// <summary>The JWS <c>typ</c> of a receipt.</summary>
    public const string Type = "eligibility-receipt+jwt";

    /// <summary>The largest receipt read.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Signs <paramref name="receipt"/> with <paramref name="key"/>, whose verification method in the tool's DID is <paramref name="keyId"/>.</summary>
    public static string Sign(EligibilityReceipt receipt, SigningKey key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var payload = new JsonObject
        {
            ["iss"] = receipt.Issuer,
            ["iat"] = receipt.IssuedAt.ToUnixTimeSeconds(),
            ["proposal_id"] = receipt.ProposalId,
            ["nullifier"] = receipt.Nullifier,
            ["power"] = receipt.Power.ToString(CultureInfo.InvariantCulture),
            ["chain_id"] = receipt.ChainId,
            ["snapshot"] = new JsonObject { ["block_number"] = receipt.SnapshotBlockNumber, ["block_hash"] = receipt.SnapshotBlockHash, ["finality"] = receipt.Finality },
        };
        return DidSignedStatement.Sign(payload, key, Type, keyId);
    }

    /// <summary>
    /// Verifies a receipt: its signature by a key of the issuer's DID (assertionMethod, resolved at
    /// <paramref name="finality"/>) and its shape. Never throws on untrusted input; fails with
    /// <c>invalidReceipt</c> and the DID signature codes.
    /// </summary>
    public static ValueTask<Result<EligibilityReceipt>> VerifyAsync(string receipt, DidSignatureVerifier verifier, Finality? finality = null, CancellationToken cancellationToken = default)
        => DidSignedStatement.VerifyAsync(receipt, Type, MaxLength, p => Parse(p.Span), r => r.Issuer, Invalid, verifier, finality, cancellationToken);

    private static Result<EligibilityReceipt> Parse(ReadOnlySpan<byte> payload)
    {
        var node = StrictJson.ParseNode(payload);
        if (!node.Succeeded || node.Value is not JsonObject obj
            || DaoJson.Text(obj["iss"]) is not { } iss || DaoJson.Text(obj["proposal_id"]) is not { } proposal || DaoJson.Text(obj["nullifier"]) is not { } nullifier
            || DaoJson.UInt256(obj["power"]) is not { } power
            || DaoJson.Integer(obj["iat"]) is not { } iat || DaoJson.Integer(obj["chain_id"]) is not { } chainId
            || obj["snapshot"] is not JsonObject snapshot || DaoJson.Integer(snapshot["block_number"]) is not { } block
            || DaoJson.Text(snapshot["block_hash"]) is not { } hash || DaoJson.Text(snapshot["finality"]) is not ("latest" or "safe" or "finalized") || iat > 253402300799)
        {
            return Invalid("its payload is not {iss, iat, proposal_id, nullifier, power, chain_id, snapshot: {block_number, block_hash, finality}}");
        }

        return new EligibilityReceipt
        {
            Issuer = iss,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds((long)iat),
            ProposalId = proposal,
            Nullifier = nullifier,
            Power = power,
            ChainId = chainId,
            SnapshotBlockNumber = block,
            SnapshotBlockHash = hash,
            Finality = DaoJson.Text(snapshot["finality"])!,
        };
    }

    private static Result<EligibilityReceipt> Invalid(string why) => Result<EligibilityReceipt>.Failure(DaoErrorCodes.InvalidReceipt, "The receipt is invalid: " + why + ".");
}
