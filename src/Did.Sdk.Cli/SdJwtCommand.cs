using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk sd-jwt issue | present | verify | decode</c>: SD-JWT VC credentials (RFC 9901,
/// draft-ietf-oauth-sd-jwt-vc) from the command line.
/// </summary>
internal static class SdJwtCommand
{
    /// <summary>The largest file or standard input the commands read (credentials, claims, keys).</summary>
    internal const int MaxInputBytes = 1024 * 1024;

    public static Command Create(CliContext context) => new("sd-jwt", "Issue, present, verify and decode SD-JWT VC credentials (RFC 9901).")
    {
        IssueCommand(context),
        PresentCommand(context),
        VerifyCommand(context),
        DecodeCommand(context),
    };

    private static Command IssueCommand(CliContext context)
    {
        var key = new Option<string>("--key") { Description = "The issuer's private JWK file (EdDSA, ES256 or ES256K).", Required = true };
        var claims = new Option<string>("--claims") { Description = "The JSON file of the credential's claims (a JSON object; - for standard input).", Required = true };
        var sd = new Option<string[]>("--sd") { Description = "A claim path to make selectively disclosable, as a JSON array: '[\"address\",\"locality\"]', '[\"nationalities\",null]'. Repeatable; list a parent and a child for recursive disclosures.", AllowMultipleArgumentsPerToken = false };
        var decoys = new Option<int>("--decoys") { Description = "Decoy digests to add to the top-level _sd array (RFC 9901 §4.2.5).", DefaultValueFactory = _ => 0 };
        var iss = new Option<string?>("--iss") { Description = "The issuer (iss claim), usually the DID of --key, such as did:jwk:… or did:key:…." };
        var kid = new Option<string?>("--kid") { Description = "The key id header: a DID URL of --iss. When --iss is a DID and --kid is absent, the assertion method of that DID holding --key is found by resolving it." };
        var vct = new Option<string?>("--vct") { Description = "The credential type (vct claim); required unless the claims have one." };
        var holderJwk = new Option<string?>("--holder-jwk") { Description = "The holder's public JWK file, bound into cnf.jwk for key binding." };
        var statusUri = new Option<string?>("--status-uri") { Description = "The status list URI (status.status_list.uri); with --status-idx." };
        var statusIdx = new Option<int?>("--status-idx") { Description = "The index in the status list (status.status_list.idx); with --status-uri." };

        var command = new Command("issue", "Issue an SD-JWT VC and print it in compact form.")
        {
            key, claims, sd, decoys, iss, kid, vct, holderJwk, statusUri, statusIdx,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signingKey = ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var payload = ReadJson(context, parse.GetRequiredValue(claims), "--claims") as JsonObject
                ?? throw new CliUsageException("--claims: the claims must be a JSON object.");
            var paths = ParsePaths(parse.GetValue(sd), "--sd");
            var decoyCount = parse.GetValue(decoys);
            if (decoyCount is < 0 or > 100)
            {
                throw new CliUsageException("--decoys must be between 0 and 100.");
            }

            var issuer = parse.GetValue(iss);
            if (issuer is not null)
            {
                payload["iss"] = issuer;
            }

            if (parse.GetValue(vct) is { } type)
            {
                payload["vct"] = type;
            }
            else if (payload["vct"] is not JsonValue vctValue || vctValue.GetValueKind() != JsonValueKind.String)
            {
                throw new CliUsageException("An SD-JWT VC needs a type: pass --vct <type> or put a string vct in the claims.");
            }

            var uri = parse.GetValue(statusUri);
            var index = parse.GetValue(statusIdx);
            if ((uri is null) != (index is null))
            {
                throw new CliUsageException("--status-uri and --status-idx go together.");
            }

            if (uri is not null)
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsedUri) || parsedUri.Scheme is not ("https" or "http"))
                {
                    throw new CliUsageException("--status-uri must be an absolute http(s) URI.");
                }

                if (index < 0)
                {
                    throw new CliUsageException("--status-idx must not be negative.");
                }

                payload["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = index, ["uri"] = uri } };
            }

            payload["iat"] ??= context.Time.GetUtcNow().ToUnixTimeSeconds();
            var keyId = parse.GetValue(kid);
            if (keyId is null && issuer is not null && Did.TryParse(issuer, out var issuerDid))
            {
                keyId = await FindAssertionMethodAsync(context, issuerDid, signingKey.VerificationKey, cancellationToken).ConfigureAwait(false);
            }

            var holder = parse.GetValue(holderJwk) is { } holderFile ? ReadJwk(context, holderFile, "--holder-jwk") : null;
            SdJwtToken token;
            try
            {
                var issuerApi = new SdJwtIssuer(signingKey, new SdJwtIssuerOptions { KeyId = keyId, DecoyDigests = decoyCount });
                token = issuerApi.Issue(payload, paths, holder);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            await context.Out.WriteLineAsync(token.ToCompact()).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command PresentCommand(CliContext context)
    {
        var credential = new Option<string>("--credential") { Description = "The SD-JWT credential file (- for standard input).", Required = true };
        var disclose = new Option<string[]>("--disclose") { Description = "A claim path to disclose, as a JSON array ('[\"age_over_18\"]'); repeatable. Nothing selectively disclosable is revealed unless listed; parents a child needs are added." };
        var holderKey = new Option<string?>("--holder-key") { Description = "The holder's private JWK file: adds a Key Binding JWT (with --aud and --nonce)." };
        var aud = new Option<string?>("--aud") { Description = "The verifier the presentation is for (KB-JWT aud)." };
        var nonce = new Option<string?>("--nonce") { Description = "The verifier's nonce (KB-JWT nonce)." };

        var command = new Command("present", "Select disclosures of a credential (and bind it to the holder's key) and print the presentation.")
        {
            credential, disclose, holderKey, aud, nonce,
        };
        command.SetAction(async parse =>
        {
            var text = ReadText(context, parse.GetRequiredValue(credential), "--credential").Trim();
            var paths = ParsePaths(parse.GetValue(disclose), "--disclose");
            var keyFile = parse.GetValue(holderKey);
            var audience = parse.GetValue(aud);
            var nonceValue = parse.GetValue(nonce);
            if (keyFile is null && (audience is not null || nonceValue is not null))
            {
                throw new CliUsageException("--aud and --nonce need --holder-key (they go into the Key Binding JWT).");
            }

            if (keyFile is not null && (string.IsNullOrEmpty(audience) || string.IsNullOrEmpty(nonceValue)))
            {
                throw new CliUsageException("--holder-key needs --aud and --nonce.");
            }

            var parsed = SdJwtToken.Parse(text);
            if (!parsed.Succeeded)
            {
                return await FailAsync(context, parsed.Error).ConfigureAwait(false);
            }

            using var key = keyFile is null ? null : ReadSigningKey(context, keyFile, "--holder-key");
            var presented = new SdJwtHolder(context.Time).Present(parsed.Value, paths, key, audience, nonceValue);
            if (!presented.Succeeded)
            {
                return await FailAsync(context, presented.Error).ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(presented.Value.ToCompact()).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Command VerifyCommand(CliContext context)
    {
        var presentation = new Option<string>("--presentation") { Description = "The SD-JWT presentation file (- for standard input).", Required = true };
        var issuerJwk = new Option<string?>("--issuer-jwk") { Description = "The issuer's public JWK file. Without it the key is resolved from iss (a DID) and kid." };
        var aud = new Option<string?>("--aud") { Description = "The expected KB-JWT aud (this verifier)." };
        var nonce = new Option<string?>("--nonce") { Description = "The expected KB-JWT nonce." };
        var noKeyBinding = new Option<bool>("--no-key-binding") { Description = "Accept a presentation without a Key Binding JWT (it proves nothing about who presents it)." };
        var statusListJwk = new Option<string?>("--status-list-jwk") { Description = "The public JWK file trusted to sign status lists; defaults to --issuer-jwk. A credential with a status fails closed when no key is known." };
        var allowPrivateNetworks = new Option<bool>("--allow-private-networks") { Description = "Let the status list fetch connect to loopback, private and link-local addresses (refused by default: the URI comes from the credential)." };

        var command = new Command("verify", "Verify a presentation and print { valid, claims, validated, error } (exit 0 valid, 1 invalid, 2 usage error).")
        {
            presentation, issuerJwk, aud, nonce, noKeyBinding, statusListJwk, allowPrivateNetworks,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = ReadText(context, parse.GetRequiredValue(presentation), "--presentation").Trim();
            var requireKeyBinding = !parse.GetValue(noKeyBinding);
            var audience = parse.GetValue(aud);
            var nonceValue = parse.GetValue(nonce);
            if (requireKeyBinding && (string.IsNullOrEmpty(audience) || string.IsNullOrEmpty(nonceValue)))
            {
                throw new CliUsageException("Key binding is required: pass --aud and --nonce (or --no-key-binding).");
            }

            var issuerKey = parse.GetValue(issuerJwk) is { } issuerFile ? ImportPublic(ReadJwk(context, issuerFile, "--issuer-jwk"), "--issuer-jwk") : null;
            var statusKey = parse.GetValue(statusListJwk) is { } statusFile ? ImportPublic(ReadJwk(context, statusFile, "--status-list-jwk"), "--status-list-jwk") : issuerKey;
            IStatusListChecker? checker = null;
            if (statusKey is not null)
            {
                checker = new HttpStatusListChecker(context.StatusListHttpClient(parse.GetValue(allowPrivateNetworks)), StatusListKeyResolver.FromKey(statusKey), timeProvider: context.Time);
            }

            var options = new SdJwtVerificationOptions { IssuerKey = issuerKey };
            var request = new SdJwtVerificationRequest
            {
                RequireKeyBinding = requireKeyBinding,
                Audience = requireKeyBinding ? audience : null,
                Nonce = requireKeyBinding ? nonceValue : null,
            };
            var verifier = new SdJwtVerifier(options, context.Resolver, checker, context.Time);
            var result = await verifier.VerifyAsync(text, request, cancellationToken).ConfigureAwait(false);
            var output = new JsonObject
            {
                ["valid"] = result.Succeeded,
                ["claims"] = result.Claims?.DeepClone(),
                ["validated"] = result.Validated is { } validated ? Describe(validated) : null,
                ["error"] = result.Error is { } error ? new JsonObject { ["code"] = error.Code, ["message"] = error.Message } : null,
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            if (result.Error is { } failure)
            {
                await context.Error.WriteLineAsync($"{failure.Code}: {failure.Message}").ConfigureAwait(false);
                return CliApp.Failed;
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command DecodeCommand(CliContext context)
    {
        var input = new Argument<string>("file") { Description = "The SD-JWT (credential or presentation) file, or - for standard input." };
        var command = new Command("decode", "Print the header, payload, disclosures and Key Binding JWT of an SD-JWT without checking any signature.")
        {
            input,
        };
        command.SetAction(async parse =>
        {
            var text = ReadText(context, parse.GetRequiredValue(input), "file").Trim();
            var parsed = SdJwtToken.Parse(text);
            if (!parsed.Succeeded)
            {
                return await FailAsync(context, parsed.Error).ConfigureAwait(false);
            }

            var token = parsed.Value;
            var issuerJwt = DecodeJwt(token.IssuerSignedJwt);
            if (!issuerJwt.Succeeded)
            {
                return await FailAsync(context, issuerJwt.Error).ConfigureAwait(false);
            }

            var hash = issuerJwt.Value.Payload is JsonObject payload && payload["_sd_alg"] is JsonValue algValue
                && algValue.TryGetValue<string>(out var algName) && SdJwtHashAlgorithm.TryGetByName(algName, out var known)
                ? known
                : SdJwtHashAlgorithm.Sha256;
            var disclosures = new JsonArray();
            foreach (var disclosure in token.Disclosures)
            {
                var entry = new JsonObject { ["digest"] = disclosure.ComputeDigest(hash), ["salt"] = disclosure.Salt };
                if (disclosure.ClaimName is not null)
                {
                    entry["name"] = disclosure.ClaimName;
                }

                entry["value"] = disclosure.Value;
                disclosures.Add(entry);
            }

            var output = new JsonObject
            {
                ["header"] = issuerJwt.Value.Header,
                ["payload"] = issuerJwt.Value.Payload,
                ["disclosures"] = disclosures,
            };
            if (token.KeyBindingJwt is { } kb)
            {
                var kbJwt = DecodeJwt(kb);
                if (!kbJwt.Succeeded)
                {
                    return await FailAsync(context, kbJwt.Error).ConfigureAwait(false);
                }

                output["keyBinding"] = new JsonObject { ["header"] = kbJwt.Value.Header, ["payload"] = kbJwt.Value.Payload };
            }

            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Result<(JsonObject Header, JsonNode? Payload)> DecodeJwt(string jwt)
    {
        var decoded = Jws.Decode(jwt);
        if (!decoded.Succeeded)
        {
            return decoded.Error;
        }

        var payload = StrictJson.ParseNode(decoded.Value.Payload.Span);
        if (!payload.Succeeded)
        {
            return payload.Error;
        }

        return ((JsonObject)decoded.Value.ProtectedHeader.DeepClone(), payload.Value);
    }

    // The verification method of the issuer's DID (assertionMethod) whose key is the signing key.
    private static async Task<string> FindAssertionMethodAsync(CliContext context, Did issuer, VerificationKey key, CancellationToken cancellationToken)
    {
        var resolution = await context.Resolver.ResolveAsync(issuer.ToString(), null, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            throw new CliUsageException($"--iss {issuer} could not be resolved ({resolution.Error.Code}); pass --kid.");
        }

        var thumbprint = key.ToJwk().ComputeThumbprint();
        foreach (var reference in resolution.DidDocument.AssertionMethod ?? [])
        {
            var method = resolution.DidDocument.FindVerificationMethod(reference.Id, VerificationRelationship.AssertionMethod);
            if (method is not null && VerificationMethodKeys.ToVerificationKey(method).TryGetValue(out var candidate)
                && candidate.ToJwk().ComputeThumbprint() == thumbprint)
            {
                var id = method.Id;
                return id.StartsWith('#') ? issuer + id : id;
            }
        }

        throw new CliUsageException($"--key is not an assertion method of {issuer}; pass the matching --iss or a --kid.");
    }

    private static JsonObject Describe(SdJwtValidated validated) => new()
    {
        ["issuer"] = validated.Issuer,
        ["keyId"] = validated.KeyId,
        ["algorithm"] = validated.Algorithm,
        ["keyResolved"] = validated.KeyResolved,
        ["type"] = validated.Type,
        ["vct"] = validated.Vct,
        ["issuedAt"] = validated.IssuedAt?.ToUnixTimeSeconds(),
        ["notBefore"] = validated.NotBefore?.ToUnixTimeSeconds(),
        ["expires"] = validated.Expires?.ToUnixTimeSeconds(),
        ["keyBound"] = validated.KeyBound,
        ["keyBindingIssuedAt"] = validated.KeyBindingIssuedAt?.ToUnixTimeSeconds(),
        ["status"] = validated.Status?.ToString(),
        ["disclosures"] = validated.DisclosureCount,
    };

    private static async Task<int> FailAsync(CliContext context, SdkError error)
    {
        await context.Error.WriteLineAsync($"{error.Code}: {error.Message}").ConfigureAwait(false);
        return CliApp.Failed;
    }

    private static List<SdJwtClaimPath> ParsePaths(string[]? values, string option)
    {
        var paths = new List<SdJwtClaimPath>();
        foreach (var value in values ?? [])
        {
            var path = SdJwtClaimPath.Parse(value);
            if (!path.Succeeded)
            {
                throw new CliUsageException($"{option} '{value}' is not a claim path (a JSON array of names, indexes and null): {path.Error.Message}");
            }

            paths.Add(path.Value);
        }

        return paths;
    }

    private static SigningKey ReadSigningKey(CliContext context, string file, string option)
    {
        var jwk = ReadJwk(context, file, option);
        if (!jwk.HasPrivateKey)
        {
            throw new CliUsageException($"{option}: the JWK has no private key (d).");
        }

        var key = SigningKey.Import(jwk);
        return key.Succeeded ? key.Value : throw new CliUsageException($"{option}: {key.Error.Code}: {key.Error.Message}");
    }

    private static VerificationKey ImportPublic(Jwk jwk, string option)
    {
        var key = VerificationKey.Import(jwk.ToPublic());
        return key.Succeeded ? key.Value : throw new CliUsageException($"{option}: {key.Error.Code}: {key.Error.Message}");
    }

    private static Jwk ReadJwk(CliContext context, string file, string option)
    {
        var jwk = Jwk.Parse(ReadBytes(context, file, option));
        return jwk.Succeeded ? jwk.Value : throw new CliUsageException($"{option}: not a JWK ({jwk.Error.Code}: {jwk.Error.Message}).");
    }

    private static JsonNode ReadJson(CliContext context, string file, string option)
    {
        var node = StrictJson.ParseNode(ReadBytes(context, file, option));
        return node.Succeeded ? node.Value : throw new CliUsageException($"{option}: {node.Error.Message}");
    }

    private static string ReadText(CliContext context, string file, string option)
    {
        var bytes = ReadBytes(context, file, option);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CliUsageException($"{option}: the input is not UTF-8 text.");
        }
    }

    // A file, or standard input for "-", bounded in size.
    private static byte[] ReadBytes(CliContext context, string file, string option)
    {
        if (file == "-")
        {
            var buffer = new char[MaxInputBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = context.In.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            return read > MaxInputBytes
                ? throw new CliUsageException($"{option}: standard input is larger than {MaxInputBytes} bytes.")
                : Encoding.UTF8.GetBytes(buffer, 0, read);
        }

        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new CliUsageException($"{option}: file '{file}' does not exist.");
            }

            return info.Length > MaxInputBytes
                ? throw new CliUsageException($"{option}: file '{file}' is larger than {MaxInputBytes} bytes.")
                : File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"{option}: cannot read '{file}': {ex.Message}");
        }
    }
}
