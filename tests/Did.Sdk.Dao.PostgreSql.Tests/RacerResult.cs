namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>One result line of the claim racer: the claim's nullifier, "won" or an error code, and (stream mode) its wallets and power.</summary>
public sealed record RacerResult(string Nullifier, string Result, IReadOnlyList<string> Wallets, string? Power);
