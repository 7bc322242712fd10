// Token Status List (draft-ietf-oauth-status-list-20) §6.1/§6.2: the Referenced Token's
// `status` claim, {"status_list": {"idx": n, "uri": "https://…"}}.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt.StatusList;

/// <summary>A reference from a credential to one entry of a status list: the list URI and the index.</summary>
public sealed record StatusReference
{
    /// <summary>Creates a reference.</summary>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is not an absolute http(s) URI.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public StatusReference(string uri, int index)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsHttpUri(uri))
        {
            throw new ArgumentException("The status list URI must be an absolute http(s) URI.", nameof(uri));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Uri = uri;
        Index = index;
    }

    /// <summary>The status list URI exactly as written in the credential (compared ordinally with the list's <c>sub</c>).</summary>
    public string Uri { get; }

    /// <summary>The index <c>idx</c> of the credential's entry.</summary>
    public int Index { get; }

    /// <summary>
    /// Reads a <c>status</c> claim value. Fails with <c>invalidStatusReference</c> unless it is an
    /// object whose <c>status_list</c> member is an object with a non-negative integer <c>idx</c>
    /// (below 2^31) and a string <c>uri</c> that is an absolute http(s) URI.
    /// </summary>
    public static Result<StatusReference> Parse(JsonElement statusClaim)
    {
        if (statusClaim.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The status claim is not a JSON object.");
        }

        if (!statusClaim.TryGetProperty("status_list", out var list) || list.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The status claim has no status_list object.");
        }

        if (!list.TryGetProperty("idx", out var idx) || idx.ValueKind != JsonValueKind.Number || !idx.TryGetInt32(out int index) || index < 0)
        {
            return Invalid("status_list.idx is not a non-negative integer below 2^31.");
        }

        if (!list.TryGetProperty("uri", out var uriElement) || uriElement.ValueKind != JsonValueKind.String)
        {
            return Invalid("status_list.uri is not a string.");
        }

        string uri = uriElement.GetString()!;
        if (!IsHttpUri(uri))
        {
            return Invalid("status_list.uri is not an absolute http(s) URI.");
        }

        return new StatusReference(uri, index);
    }

    /// <summary>The <c>status</c> claim value for a credential: <c>{"status_list":{"idx":n,"uri":"…"}}</c>.</summary>
    public JsonObject ToStatusClaim() => new()
    {
        ["status_list"] = new JsonObject { ["idx"] = Index, ["uri"] = Uri },
    };

    /// <summary>True for an absolute http or https URI (on Unix, "/path" parses as an absolute file URI).</summary>
    internal static bool IsHttpUri(string uri)
        => System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == System.Uri.UriSchemeHttps || parsed.Scheme == System.Uri.UriSchemeHttp);

    private static Result<StatusReference> Invalid(string message) => Result<StatusReference>.Failure(StatusListErrorCodes.InvalidStatusReference, message);
}
