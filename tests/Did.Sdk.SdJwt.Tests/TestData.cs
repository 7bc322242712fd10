using System.Text;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.SdJwt.Tests;

/// <summary>Reads conformance vectors copied to the test output (never /work/shared at run time).</summary>
internal static class TestData
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Vectors", "SdJwt", relative);

    public static string ReadText(string relative) => File.ReadAllText(Path(relative)).Trim();

    public static JsonNode ReadJson(string relative) => JsonNode.Parse(ReadText(relative))!;

    public static bool Exists(string relative) => File.Exists(Path(relative));

    public static SigningKey RfcIssuerKey() => SigningKey.Import(Jwk.Parse(ReadText("rfc9901/keys/issuer_private_jwk.json")).ThrowIfFailed()).ThrowIfFailed();

    public static SigningKey RfcHolderKey() => SigningKey.Import(Jwk.Parse(ReadText("rfc9901/keys/holder_private_jwk.json")).ThrowIfFailed()).ThrowIfFailed();

    public static VerificationKey RfcIssuerPublicKey() => VerificationKey.Import(Jwk.Parse(ReadText("rfc9901/keys/issuer_public_jwk.json")).ThrowIfFailed()).ThrowIfFailed();

    public static JsonObject DecodeSegment(string segment) => (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.Decode(segment).ThrowIfFailed()))!;

    public static JsonObject JwtPayload(string compactJws) => DecodeSegment(compactJws.Split('.')[1]);

    public static JsonObject JwtHeader(string compactJws) => DecodeSegment(compactJws.Split('.')[0]);
}
