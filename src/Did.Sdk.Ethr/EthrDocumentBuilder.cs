// did:ethr method specification §"Read (Resolve)" and ethr-did-resolver 11.1.3 (src/resolver.ts
// wrapDidDocument): the controller method, delegates (veriKey/sigAuth), attributes
// did/pub/<type>/<purpose>/<encoding> and did/svc/<type>, expiry by validTo, revocation, deactivation.
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Did.Sdk.Ethereum;
using Did.Sdk.Jose;

namespace Did.Sdk.Ethr;

/// <summary>The document built from a history, with the version facts it reflects.</summary>
internal sealed record EthrDocumentState(DidDocument Document, bool Deactivated, ulong VersionId, ulong? NextVersionId);

/// <summary>Builds did:ethr documents exactly as ethr-did-resolver 11.x shapes them.</summary>
internal static partial class EthrDocumentBuilder
{
    private const string RecoveryMethod = "EcdsaSecp256k1RecoveryMethod2020";
    private const string VerificationKey2019 = "EcdsaSecp256k1VerificationKey2019";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    // ethr-did-resolver legacyAttrTypes and legacyAlgoMap.
    private static readonly Dictionary<string, string> LegacyAttrTypes = new(StringComparer.Ordinal)
    {
        ["sigAuth"] = "SignatureAuthentication2018",
        ["veriKey"] = "VerificationKey2018",
        ["enc"] = "KeyAgreementKey2019",
    };

    private static readonly Dictionary<string, string> LegacyAlgoMap = new(StringComparer.Ordinal)
    {
        ["Secp256k1VerificationKey2018"] = VerificationKey2019,
        ["Ed25519SignatureAuthentication2018"] = "Ed25519VerificationKey2018",
        ["Secp256k1SignatureAuthentication2018"] = VerificationKey2019,
        ["RSAVerificationKey2018"] = "RSAVerificationKey2018",
        ["Ed25519VerificationKey2018"] = "Ed25519VerificationKey2018",
        ["X25519KeyAgreementKey2019"] = "X25519KeyAgreementKey2019",
    };

    /// <summary>The JSON-LD context ethr-did-resolver 11.x adds for <c>application/did+ld+json</c>.</summary>
    public static JsonElement Context { get; } = JsonDocument.Parse(
        "[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/suites/secp256k1recovery-2020/v2\",\"https://w3id.org/security/v3-unstable\"]").RootElement.Clone();

    /// <summary>
    /// Applies <paramref name="history"/> (oldest first). Events after <paramref name="height"/> (null:
    /// none) only set the next version; delegates and attributes count as valid while
    /// <c>validTo &gt;= now</c> (unix seconds).
    /// </summary>
    public static EthrDocumentState Build(string did, EthrDid id, ulong chainId, IReadOnlyList<RegistryEvent> history, ulong? height, BigInteger now, bool withContext)
    {
        var address = id.Address;
        var controller = address;
        ulong versionId = 0;
        ulong? nextVersionId = null;
        var deactivated = false;
        var delegateCount = 0;
        var serviceCount = 0;

        // JavaScript objects keep insertion order and keep a key's place when it is overwritten: OrderedDictionary does the same.
        var auth = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var keyAgreementRefs = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var signingRefs = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var pks = new OrderedDictionary<string, VerificationMethod>(StringComparer.Ordinal);
        var services = new OrderedDictionary<string, Service>(StringComparer.Ordinal);

        foreach (var ev in history)
        {
            if (height is { } h && ev.BlockNumber > h)
            {
                if (nextVersionId is null || nextVersionId > ev.BlockNumber)
                {
                    nextVersionId = ev.BlockNumber;
                }

                continue;
            }

            versionId = Math.Max(versionId, ev.BlockNumber);
            var eventIndex = ev.Kind switch
            {
                RegistryEventKind.DelegateChanged => "DIDDelegateChanged-" + ev.TypeOrName + "-" + ev.Delegate,
                RegistryEventKind.AttributeChanged => "DIDAttributeChanged-" + ev.TypeOrName + "-" + Hex.Encode(ev.Value),
                _ => string.Empty,
            };

            if (ev.Kind != RegistryEventKind.OwnerChanged && !ev.ValidTo.IsZero && ev.ValidTo >= now)
            {
                if (ev.Kind == RegistryEventKind.DelegateChanged)
                {
                    delegateCount++;
                    var vmId = did + "#delegate-" + delegateCount;
                    if (ev.TypeOrName is "sigAuth" or "veriKey")
                    {
                        if (ev.TypeOrName == "sigAuth")
                        {
                            auth[eventIndex] = vmId;
                        }

                        pks[eventIndex] = new VerificationMethod
                        {
                            Id = vmId,
                            Type = RecoveryMethod,
                            Controller = did,
                            BlockchainAccountId = "eip155:" + chainId + ":" + ev.Delegate,
                        };
                        signingRefs[eventIndex] = vmId;
                    }
                }
                else
                {
                    var match = AttributeName().Match(ev.TypeOrName!);
                    if (!match.Success)
                    {
                        continue;
                    }

                    var algorithm = match.Groups[2].Value;
                    var purpose = match.Groups[4].Success ? match.Groups[4].Value : null;
                    var encoding = match.Groups[6].Success ? match.Groups[6].Value : null;
                    if (match.Groups[1].Value == "pub")
                    {
                        delegateCount++;
                        var vmId = did + "#delegate-" + delegateCount;

                        // `${algorithm}${type}` in JavaScript prints "undefined" for a missing purpose.
                        var type = purpose is null ? "undefined" : LegacyAttrTypes.GetValueOrDefault(purpose, purpose);
                        var vmType = LegacyAlgoMap.GetValueOrDefault(algorithm + type, algorithm);
                        var (member, value) = encoding switch
                        {
                            null or "hex" => ("publicKeyHex", (string?)Convert.ToHexStringLower(ev.Value)),
                            "base64" => ("publicKeyBase64", Convert.ToBase64String(ev.Value)),
                            "base58" => ("publicKeyBase58", Multibase.Encode(ev.Value, MultibaseEncoding.Base58Btc)[1..]),
                            "pem" => ("publicKeyPem", Utf8OrNull(ev.Value)),
                            _ => ("value", Convert.ToHexStringLower(ev.Value)),
                        };
                        if (value is null)
                        {
                            continue;
                        }

                        pks[eventIndex] = new VerificationMethod
                        {
                            Id = vmId,
                            Type = vmType,
                            Controller = did,
                            AdditionalProperties = new() { [member] = JsonSerializer.SerializeToElement(value, EthrJsonContext.Default.String) },
                        };
                        if (purpose == "sigAuth")
                        {
                            auth[eventIndex] = vmId;
                            signingRefs[eventIndex] = vmId;
                        }
                        else if (purpose == "enc")
                        {
                            keyAgreementRefs[eventIndex] = vmId;
                        }
                        else
                        {
                            signingRefs[eventIndex] = vmId;
                        }
                    }
                    else
                    {
                        serviceCount++;
                        if (Utf8OrNull(ev.Value) is not { } text)
                        {
                            continue;
                        }

                        services[eventIndex] = new Service
                        {
                            Id = did + "#service-" + serviceCount,
                            Type = [algorithm],
                            ServiceEndpoint = ParseEndpoint(text),
                        };
                    }
                }
            }
            else if (ev.Kind == RegistryEventKind.OwnerChanged)
            {
                controller = ev.Owner;
                if (ev.Owner == EthereumAddress.Zero)
                {
                    deactivated = true;
                    break;
                }
            }
            else
            {
                if (ev.Kind == RegistryEventKind.DelegateChanged || ev.TypeOrName!.StartsWith("did/pub/", StringComparison.Ordinal))
                {
                    delegateCount++;
                }
                else if (ev.TypeOrName.StartsWith("did/svc/", StringComparison.Ordinal))
                {
                    serviceCount++;
                }

                auth.Remove(eventIndex);
                signingRefs.Remove(eventIndex);
                pks.Remove(eventIndex);
                services.Remove(eventIndex);

                // Difference from 11.x (fixed upstream in #246): a revoked or expired key leaves keyAgreement too.
                keyAgreementRefs.Remove(eventIndex);
            }
        }

        var context = withContext ? Context : (JsonElement?)null;
        if (deactivated)
        {
            return new EthrDocumentState(
                new DidDocument { Context = context, Id = did, VerificationMethod = [], Authentication = [], AssertionMethod = [] },
                true,
                versionId,
                nextVersionId);
        }

        var methods = new List<VerificationMethod>
        {
            new() { Id = did + "#controller", Type = RecoveryMethod, Controller = did, BlockchainAccountId = "eip155:" + chainId + ":" + controller },
        };
        var authentication = new List<VerificationMethodReference> { new(did + "#controller") };
        var assertion = new List<VerificationMethodReference> { new(did + "#controller") };
        if (id.PublicKeyHex is { } key && controller == address)
        {
            methods.Add(new VerificationMethod
            {
                Id = did + "#controllerKey",
                Type = VerificationKey2019,
                Controller = did,
                AdditionalProperties = new() { ["publicKeyHex"] = JsonSerializer.SerializeToElement(key[2..], EthrJsonContext.Default.String) },
            });
            authentication.Add(new(did + "#controllerKey"));
            assertion.Add(new(did + "#controllerKey"));
        }

        methods.AddRange(pks.Values);
        authentication.AddRange(auth.Values.Select(v => new VerificationMethodReference(v)));
        assertion.AddRange(signingRefs.Values.Select(v => new VerificationMethodReference(v)));
        var document = new DidDocument
        {
            Context = context,
            Id = did,
            VerificationMethod = methods,
            Authentication = authentication,
            AssertionMethod = assertion,
            Service = services.Count > 0 ? services.Values.ToArray() : null,
            KeyAgreement = keyAgreementRefs.Count > 0 ? keyAgreementRefs.Values.Select(v => new VerificationMethodReference(v)).ToArray() : null,
        };
        return new EthrDocumentState(document, false, versionId, nextVersionId);
    }

    // ethers toUtf8String: strict UTF-8; null when the bytes are not UTF-8 (the entry is skipped).
    private static string? Utf8OrNull(byte[] value)
    {
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // ethr-did-resolver: JSON.parse the endpoint, falling back to the string itself.
    private static JsonElement ParseEndpoint(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = Json.StrictJson.MaxDepth });
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text, EthrJsonContext.Default.String);
        }
    }

    // ethr-did-resolver: /^did\/(pub|svc)\/(\w+)(\/(\w+))?(\/(\w+))?$/ (JavaScript \w is ASCII only).
    [GeneratedRegex(@"^did/(pub|svc)/([A-Za-z0-9_]+)(/([A-Za-z0-9_]+))?(/([A-Za-z0-9_]+))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();
}

/// <summary>Source-generated JSON metadata for the few values this layer serializes.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ulong))]
internal sealed partial class EthrJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
