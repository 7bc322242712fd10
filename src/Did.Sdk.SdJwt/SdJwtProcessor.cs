// Disclosure processing, RFC 9901 §7.1 step 3 (and steps 4–5: digest reuse, unreferenced disclosures).
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Did.Sdk.SdJwt;

/// <summary>The processed payload and, for each disclosure used, the concrete claims path it discloses.</summary>
internal sealed record SdJwtProcessed(JsonObject Claims, IReadOnlyDictionary<SdJwtDisclosure, IReadOnlyList<object>> Paths);

internal static class SdJwtProcessor
{
    /// <summary>Combined nesting bound of payload plus recursively disclosed values.</summary>
    internal const int MaxDepth = 64;

    /// <summary>
    /// Replaces digests by the disclosed claims. The result is a new tree, or <paramref name="payload"/>
    /// itself rewritten when <paramref name="ownsPayload"/> (a payload the caller parsed for this call).
    /// With <paramref name="ownsDisclosures"/> (disclosures parsed for this one call) their value nodes
    /// move into the result instead of being copied.
    /// </summary>
    public static Result<SdJwtProcessed> Process(JsonObject payload, IReadOnlyList<SdJwtDisclosure> disclosures, SdJwtHashAlgorithm algorithm, bool ownsPayload = false, bool ownsDisclosures = false)
    {
        var byDigest = new Dictionary<string, SdJwtDisclosure>(StringComparer.Ordinal);
        foreach (var d in disclosures)
        {
            if (!byDigest.TryAdd(d.ComputeDigest(algorithm), d))
            {
                return Fail(SdJwtErrorCodes.DuplicateDisclosure, "A disclosure appears more than once.");
            }
        }

        var state = new State(byDigest, ownsDisclosures);
        var root = ownsPayload ? payload : (JsonObject)payload.DeepClone();
        var error = Walk(root, [], state, 0, isRoot: true);
        if (error is not null)
        {
            return error;
        }

        root.Remove("_sd_alg");
        if (state.Paths.Count != disclosures.Count)
        {
            return Fail(SdJwtErrorCodes.UnreferencedDisclosure, "A disclosure is not referenced by the payload or by another disclosure.");
        }

        return new SdJwtProcessed(root, state.Paths);
    }

    private static SdkError? Walk(JsonNode? node, List<object> path, State state, int depth, bool isRoot = false)
    {
        if (depth > MaxDepth)
        {
            return new SdkError(ErrorCodes.InvalidJson, $"The disclosed claims nest deeper than {MaxDepth}.");
        }

        if (node is JsonObject obj)
        {
            if (obj.ContainsKey("..."))
            {
                return new SdkError(SdJwtErrorCodes.InvalidSdStructure, "'...' appears outside an array element placeholder.");
            }

            if (!isRoot && obj.ContainsKey("_sd_alg"))
            {
                return new SdkError(SdJwtErrorCodes.InvalidSdStructure, "_sd_alg appears below the top level.");
            }

            // Plain members first (their values may hold nested digests). Walking a value rewrites that
            // value only, never this object's member list, so the members are enumerated directly.
            foreach (var (name, value) in obj)
            {
                if (name == "_sd")
                {
                    continue;
                }

                path.Add(name);
                var e = Walk(value, path, state, depth + 1);
                path.RemoveAt(path.Count - 1);
                if (e is not null)
                {
                    return e;
                }
            }

            if (obj.TryGetPropertyValue("_sd", out var sdNode))
            {
                if (sdNode is not JsonArray sd)
                {
                    return new SdkError(SdJwtErrorCodes.InvalidSdStructure, "_sd is not an array.");
                }

                obj.Remove("_sd");
                foreach (var item in sd)
                {
                    if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    {
                        return new SdkError(SdJwtErrorCodes.InvalidSdStructure, "_sd holds a value that is not a string.");
                    }

                    string digest = v.GetValue<string>();
                    if (!state.Seen.Add(digest))
                    {
                        return new SdkError(SdJwtErrorCodes.DuplicateDigest, "A digest appears more than once.");
                    }

                    if (!state.ByDigest.TryGetValue(digest, out var d))
                    {
                        continue;
                    }

                    if (d.ClaimName is null)
                    {
                        return new SdkError(SdJwtErrorCodes.InvalidDisclosure, "An array-element disclosure is referenced from an _sd array.");
                    }

                    if (d.ClaimName is "_sd" or "..." || obj.ContainsKey(d.ClaimName))
                    {
                        return new SdkError(SdJwtErrorCodes.ClaimNameCollision, "A disclosed claim name is reserved or already present at its level.");
                    }

                    var value = state.TakeValue(d);
                    path.Add(d.ClaimName);
                    state.Paths[d] = path.ToArray();
                    var e = Walk(value, path, state, depth + 1);
                    path.RemoveAt(path.Count - 1);
                    if (e is not null)
                    {
                        return e;
                    }

                    obj[d.ClaimName] = value;
                }
            }
        }
        else if (node is JsonArray array)
        {
            List<JsonNode?>? kept = null;
            for (int i = 0; i < array.Count; i++)
            {
                var element = array[i];
                path.Add(i);
                try
                {
                    if (element is JsonObject eo && eo.ContainsKey("..."))
                    {
                        if (eo.Count != 1 || eo["..."] is not JsonValue dv || dv.GetValueKind() != JsonValueKind.String)
                        {
                            return new SdkError(SdJwtErrorCodes.InvalidSdStructure, "An array element placeholder is not exactly {\"...\": digest}.");
                        }

                        string digest = dv.GetValue<string>();
                        if (!state.Seen.Add(digest))
                        {
                            return new SdkError(SdJwtErrorCodes.DuplicateDigest, "A digest appears more than once.");
                        }

                        kept ??= [.. array.Take(i)];
                        if (!state.ByDigest.TryGetValue(digest, out var d))
                        {
                            continue;
                        }

                        if (d.ClaimName is not null)
                        {
                            return new SdkError(SdJwtErrorCodes.InvalidDisclosure, "An object-property disclosure is referenced from an array element.");
                        }

                        var value = state.TakeValue(d);
                        state.Paths[d] = path.ToArray();
                        var e = Walk(value, path, state, depth + 1);
                        if (e is not null)
                        {
                            return e;
                        }

                        kept.Add(value);
                    }
                    else
                    {
                        var e = Walk(element, path, state, depth + 1);
                        if (e is not null)
                        {
                            return e;
                        }

                        kept?.Add(element);
                    }
                }
                finally
                {
                    path.RemoveAt(path.Count - 1);
                }
            }

            // Rebuilt only when a placeholder was met (removed, or replaced by its disclosed value).
            if (kept is not null)
            {
                array.Clear();
                foreach (var k in kept)
                {
                    array.Add(k);
                }
            }
        }

        return null;
    }

    private static Result<SdJwtProcessed> Fail(string code, string message) => Result<SdJwtProcessed>.Failure(code, message);

    private sealed class State(Dictionary<string, SdJwtDisclosure> byDigest, bool ownsDisclosures)
    {
        /// <summary>
        /// The value to insert for a disclosure: for owned disclosures, the disclosure's own parentless
        /// node (each disclosure is used at most once: duplicate disclosures and digests are refused);
        /// else a copy.
        /// </summary>
        public JsonNode? TakeValue(SdJwtDisclosure d)
            => ownsDisclosures && d.ValueNode is { Parent: null } own ? own : d.ValueNode?.DeepClone();

        public Dictionary<string, SdJwtDisclosure> ByDigest { get; } = byDigest;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public Dictionary<SdJwtDisclosure, IReadOnlyList<object>> Paths { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
