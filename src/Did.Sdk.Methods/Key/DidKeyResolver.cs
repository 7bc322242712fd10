// did:key: W3C CCG "The did:key Method v0.7" §3.1 (format), §4.1 "Create" (document creation
// algorithm: decode public key, signature and encryption verification methods, contexts) and the
// error names of §4 (invalidDid, invalidPublicKey, invalidPublicKeyLength, invalidPublicKeyType,
// unsupportedPublicKeyType).
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.Methods;

/// <summary>
/// Resolves <c>did:key</c> DIDs offline, by decoding the key in the identifier. Supports Ed25519,
/// X25519, secp256k1, P-256, P-384 and P-521; other multicodecs (BLS12-381, RSA, …) give
/// <c>unsupportedPublicKeyType</c>. Failures: <c>invalidDid</c>, <c>invalidPublicKey</c>,
/// <c>invalidPublicKeyLength</c>, <c>invalidPublicKeyType</c>, <c>unsupportedPublicKeyType</c>,
/// <c>invalidOptions</c>.
/// </summary>
public sealed class DidKeyResolver : IDidMethodResolver
{
    private static readonly string[] MethodNames = ["key"];
    private readonly DidKeyResolverOptions _defaults;

    /// <summary>Creates the resolver with default options (Multikey, encryption key derivation on).</summary>
    public DidKeyResolver()
        : this(null)
    {
    }

    /// <summary>Creates the resolver with the given defaults.</summary>
    /// <exception cref="ArgumentException">The default public key format is unknown.</exception>
    public DidKeyResolver(DidKeyResolverOptions? options)
    {
        options ??= new DidKeyResolverOptions();
        options.Validate();
        _defaults = new DidKeyResolverOptions
        {
            PublicKeyFormat = options.PublicKeyFormat,
            EnableEncryptionKeyDerivation = options.EnableEncryptionKeyDerivation,
            EnableExperimentalPublicKeyTypes = options.EnableExperimentalPublicKeyTypes,
        };
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Methods => MethodNames;

    /// <inheritdoc />
    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(did, options ?? DidResolutionOptions.Default));
    }

    /// <summary>Builds the DID document of a did:key synchronously; see <see cref="ResolveAsync"/>.</summary>
    public DidResolutionResult Resolve(Did did, DidResolutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (did.Method != "key")
        {
            return DidResolutionResult.Failure(DidResolutionErrors.MethodNotSupported, $"{did.Method} is not the key method.");
        }

        var settings = ReadOptions(options ?? DidResolutionOptions.Default);
        if (!settings.Succeeded)
        {
            return DidResolutionResult.Failure(settings.Error);
        }

        var key = DecodeIdentifier(did.MethodSpecificId);
        if (!key.Succeeded)
        {
            return DidResolutionResult.Failure(key.Error);
        }

        var document = BuildDocument(did, key.Value, settings.Value);
        return document.Succeeded
            ? DidResolutionResult.Success(document.Value, contentType: options?.Accept ?? MediaTypes.DidJson)
            : DidResolutionResult.Failure(document.Error);
    }

    /// <summary>
    /// Decodes the key of a did:key method-specific identifier (<c>z…</c>, optionally preceded by the
    /// version <c>1:</c>). Fails with <c>invalidDid</c> or a did:key public key error.
    /// </summary>
    internal static Result<VerificationKey> DecodeIdentifier(string methodSpecificId)
    {
        var multibase = methodSpecificId;
        var colon = methodSpecificId.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var version = methodSpecificId[..colon];
            multibase = methodSpecificId[(colon + 1)..];
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) || v < 1)
            {
                return Result<VerificationKey>.Failure(DidResolutionErrors.InvalidDid, "The did:key version is not a positive integer.");
            }

            if (v != 1 || version != "1")
            {
                return Result<VerificationKey>.Failure(DidResolutionErrors.InvalidDid, $"The did:key version {version} is not supported (only 1).");
            }
        }

        if (multibase.Length == 0 || multibase[0] != 'z')
        {
            return Result<VerificationKey>.Failure(DidResolutionErrors.InvalidDid, "The did:key identifier is not a base58btc multibase value (it must start with 'z').");
        }

        var decoded = Multikey.Decode(multibase);
        if (decoded.Succeeded)
        {
            return decoded;
        }

        return decoded.Error.Code switch
        {
            JoseErrorCodes.InvalidMultibase or JoseErrorCodes.InvalidPublicKeyType
                => Result<VerificationKey>.Failure(DidResolutionErrors.InvalidDid, "The did:key identifier is not valid base58btc."),
            JoseErrorCodes.InvalidPublicKeyLength => Result<VerificationKey>.Failure(DidResolutionErrors.InvalidPublicKeyLength, decoded.Error.Message),
            JoseErrorCodes.UnsupportedPublicKeyType => Result<VerificationKey>.Failure(DidResolutionErrors.UnsupportedPublicKeyType, decoded.Error.Message),
            _ => Result<VerificationKey>.Failure(DidResolutionErrors.InvalidPublicKey, decoded.Error.Message),
        };
    }

    private Result<DidKeyResolverOptions> ReadOptions(DidResolutionOptions options)
    {
        var result = new DidKeyResolverOptions
        {
            PublicKeyFormat = _defaults.PublicKeyFormat,
            EnableEncryptionKeyDerivation = _defaults.EnableEncryptionKeyDerivation,
            EnableExperimentalPublicKeyTypes = _defaults.EnableExperimentalPublicKeyTypes,
        };
        var extensions = options.Extensions;
        if (extensions is null)
        {
            return result;
        }

        if (extensions.TryGetValue(DidKeyOptionNames.PublicKeyFormat, out var format))
        {
            if (!DidKeyPublicKeyFormats.IsKnown(format))
            {
                return Result<DidKeyResolverOptions>.Failure(DidResolutionErrors.UnsupportedPublicKeyType, $"The publicKeyFormat '{Truncate(format)}' is not supported.");
            }

            result.PublicKeyFormat = format;
        }

        foreach (var (name, apply) in new (string, Action<bool>)[]
        {
            (DidKeyOptionNames.EnableEncryptionKeyDerivation, v => result.EnableEncryptionKeyDerivation = v),
            (DidKeyOptionNames.EnableExperimentalPublicKeyTypes, v => result.EnableExperimentalPublicKeyTypes = v),
        })
        {
            if (extensions.TryGetValue(name, out var text))
            {
                if (text is not ("true" or "false"))
                {
                    return Result<DidKeyResolverOptions>.Failure(DidResolutionErrors.InvalidOptions, $"The option {name} must be 'true' or 'false'.");
                }

                apply(text == "true");
            }
        }

        return result;
    }

    private static Result<DidDocument> BuildDocument(Did did, VerificationKey key, DidKeyResolverOptions options)
    {
        var format = options.PublicKeyFormat;
        if (!options.EnableExperimentalPublicKeyTypes && !DidKeyPublicKeyFormats.IsStandard(format))
        {
            return Result<DidDocument>.Failure(DidResolutionErrors.InvalidPublicKeyType, $"The publicKeyFormat {format} is experimental; set enableExperimentalPublicKeyTypes to use it.");
        }

        var id = did.ToString();
        var primary = CreateMethod(id, key, format);
        if (!primary.Succeeded)
        {
            return primary.Error;
        }

        var methods = new List<VerificationMethod> { primary.Value.Method };
        var contexts = new List<string> { MethodJson.DidV1, primary.Value.Context };
        VerificationMethodReference[] self = [primary.Value.Method.Id];
        if (key.KeyType == KeyType.X25519)
        {
            return new DidDocument
            {
                Context = MethodJson.Context(contexts),
                Id = id,
                VerificationMethod = methods,
                KeyAgreement = self,
            };
        }

        IReadOnlyList<VerificationMethodReference>? keyAgreement = null;
        if (options.EnableEncryptionKeyDerivation)
        {
            if (key.KeyType == KeyType.Ed25519)
            {
                var encryption = CreateMethod(id, key.ToX25519(), format);
                if (!encryption.Succeeded)
                {
                    return encryption.Error;
                }

                methods.Add(encryption.Value.Method);
                contexts.Add(encryption.Value.Context);
                keyAgreement = [encryption.Value.Method.Id];
            }
            else
            {
                keyAgreement = self;
            }
        }

        return new DidDocument
        {
            Context = MethodJson.Context(contexts),
            Id = id,
            VerificationMethod = methods,
            Authentication = self,
            AssertionMethod = self,
            CapabilityInvocation = self,
            CapabilityDelegation = self,
            KeyAgreement = keyAgreement,
        };
    }

    private static Result<(VerificationMethod Method, string Context)> CreateMethod(string did, VerificationKey key, string format)
    {
        var multikey = Multikey.Encode(key);
        var id = did + "#" + multikey;
        string? type;
        string context;
        switch (format)
        {
            case DidKeyPublicKeyFormats.Multikey:
                return (new VerificationMethod { Id = id, Type = "Multikey", Controller = did, PublicKeyMultibase = multikey }, MethodJson.MultikeyV1);
            case DidKeyPublicKeyFormats.JsonWebKey2020:
                return (new VerificationMethod { Id = id, Type = "JsonWebKey2020", Controller = did, PublicKeyJwk = MethodJson.ToElement(key.ToJwk().ToJsonObject()) }, MethodJson.Jws2020);
            case DidKeyPublicKeyFormats.Ed25519VerificationKey2020 or DidKeyPublicKeyFormats.X25519KeyAgreementKey2020:
                (type, context) = key.KeyType switch
                {
                    KeyType.Ed25519 when format == DidKeyPublicKeyFormats.Ed25519VerificationKey2020 => ("Ed25519VerificationKey2020", "https://w3id.org/security/suites/ed25519-2020/v1"),
                    KeyType.X25519 => ("X25519KeyAgreementKey2020", "https://w3id.org/security/suites/x25519-2020/v1"),
                    _ => (null, string.Empty),
                };
                return type is null
                    ? MismatchedFormat(key, format)
                    : (new VerificationMethod { Id = id, Type = type, Controller = did, PublicKeyMultibase = multikey }, context);
            default:
                (type, context) = (key.KeyType, format) switch
                {
                    (KeyType.Ed25519, DidKeyPublicKeyFormats.Ed25519VerificationKey2018) => ("Ed25519VerificationKey2018", "https://w3id.org/security/suites/ed25519-2018/v1"),
                    (KeyType.X25519, DidKeyPublicKeyFormats.Ed25519VerificationKey2018 or DidKeyPublicKeyFormats.X25519KeyAgreementKey2019) => ("X25519KeyAgreementKey2019", "https://w3id.org/security/suites/x25519-2019/v1"),
                    (KeyType.Secp256k1, DidKeyPublicKeyFormats.EcdsaSecp256k1VerificationKey2019) => ("EcdsaSecp256k1VerificationKey2019", "https://w3id.org/security/suites/secp256k1-2019/v1"),
                    (KeyType.P256, DidKeyPublicKeyFormats.P256Key2021) => ("P256Key2021", "https://w3id.org/security/suites/multikey-2021/v1"),
                    _ => (null, string.Empty),
                };
                if (type is null)
                {
                    return MismatchedFormat(key, format);
                }

                // The legacy suites carry the raw key (EC keys compressed) in base58btc without a multibase prefix.
                var base58 = Multibase.Encode(key.Export(compressed: true), MultibaseEncoding.Base58Btc)[1..];
                var extra = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
                {
                    ["publicKeyBase58"] = MethodJson.ToElement(JsonValue.Create(base58)),
                };
                return (new VerificationMethod { Id = id, Type = type, Controller = did, AdditionalProperties = extra }, context);
        }
    }

    private static Result<(VerificationMethod, string)> MismatchedFormat(VerificationKey key, string format)
        => Result<(VerificationMethod, string)>.Failure(DidResolutionErrors.InvalidPublicKeyType, $"The publicKeyFormat {format} cannot express a {key.KeyType} key.");

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
