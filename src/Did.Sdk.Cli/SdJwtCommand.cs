using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.SdJwt;
using Microsoft.Extensions.DependencyInjection;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk sd-jwt issue | present | verify | decode</c>: SD-JWT VC credentials (RFC 9901,
/// draft-ietf-oauth-sd-jwt-vc) from the command line.
/// </summary>
internal static class SdJwtCommand
{
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
        var iss = new Option<string?>("--iss") { Description = "The issuer (iss claim), usually the DID of --key: did:jwk, did:key, did:pkh, or a did:ethr (controller or delegate key; with --rpc)." };
        var kid = new Option<string?>("--kid") { Description = "The key id header: a DID URL of --iss. When --iss is a DID, the assertion method that --key signs as is found by resolving it (and a given --kid is checked)." };
        var vct = new Option<string?>("--vct") { Description = "The credential type (vct claim); required unless the claims have one." };
        var holderJwk = new Option<string?>("--holder-jwk") { Description = "The holder's public JWK file, bound into cnf.jwk for key binding." };
        var holderDid = new Option<string?>("--holder-did") { Description = "Bind the credential to this DID (cnf.kid = its first authentication method): the holder proves control with that DID's key, which may rotate." };
        var holderKid = new Option<string?>("--holder-kid") { Description = "With --holder-did: the authentication method (a DID URL) to bind instead of the first." };
        var statusUri = new Option<string?>("--status-uri") { Description = "The status list URI (status.status_list.uri); with --status-idx." };
        var statusIdx = new Option<int?>("--status-idx") { Description = "The index in the status list (status.status_list.idx); with --status-uri." };
        var blockTag = CliOptions.BlockTag();
        var network = new EthrNetworkArguments();

        var command = new Command("issue", "Issue an SD-JWT VC and print it in compact form (exit 0 issued, 1 the DID refused the key or could not be resolved, 2 usage error).")
        {
            key, claims, sd, decoys, iss, kid, vct, holderJwk, holderDid, holderKid, statusUri, statusIdx, blockTag,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signingKey = CliInput.ReadSigningKey(context, parse.GetRequiredValue(key), "--key");
            var payload = CliInput.ReadOperatorJson(context, parse.GetRequiredValue(claims), "--claims") as JsonObject
                ?? throw new CliUsageException("--claims: the claims must be a JSON object.");
            var paths = ParsePaths(parse.GetValue(sd), "--sd");
            var decoyCount = parse.GetValue(decoys);
            if (decoyCount is < 0 or > 100)
            {
                throw new CliUsageException("--decoys must be between 0 and 100.");
            }

            var issuer = parse.GetValue(iss);
            if (parse.GetValue(vct) is { } type)
            {
                payload["vct"] = type;
            }
            else if (payload["vct"] is not JsonValue vctValue || vctValue.GetValueKind() != JsonValueKind.String)
            {
                throw new CliUsageException("An SD-JWT VC needs a type: pass --vct <type> or put a string vct in the claims.");
            }

            var status = StatusClaim(parse.GetValue(statusUri), parse.GetValue(statusIdx));
            if (status is not null)
            {
                payload["status"] = status;
            }

            // The network comes from the issuer's DID (or the holder's): registered before any service is used.
            var ethrDid = issuer ?? parse.GetValue(holderDid);
            if (ethrDid is not null && network.For(parse, ethrDid) is { } ethrNetwork)
            {
                context.AddServices(services => services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(ethrNetwork))));
            }

            payload["iat"] ??= context.Time.GetUtcNow().ToUnixTimeSeconds();
            var finality = CliOptions.Finality(parse, blockTag);

            var holderJwkFile = parse.GetValue(holderJwk);
            var holderDidValue = parse.GetValue(holderDid);
            if (holderJwkFile is not null && holderDidValue is not null)
            {
                throw new CliUsageException("--holder-jwk and --holder-did are two ways to bind the holder: give one.");
            }

            if (parse.GetValue(holderKid) is not null && holderDidValue is null)
            {
                throw new CliUsageException("--holder-kid needs --holder-did.");
            }

            if (holderDidValue is not null)
            {
                var bound = await HolderMethodAsync(context, holderDidValue, parse.GetValue(holderKid), finality, cancellationToken).ConfigureAwait(false);
                if (!bound.Succeeded)
                {
                    return await FailAsync(context, bound.Error).ConfigureAwait(false);
                }

                payload["cnf"] = new JsonObject { ["kid"] = bound.Value };
            }

            var options = new SdJwtIssuerOptions { KeyId = parse.GetValue(kid), DecoyDigests = decoyCount, Issuer = issuer };
            SdJwtIssuer issuerApi;
            if (issuer is not null && Did.TryParse(issuer, out _))
            {
                var forDid = await SdJwtIssuer.ForDidAsync(signingKey, issuer, context.Resolver, options, finality, cancellationToken).ConfigureAwait(false);
                if (!forDid.Succeeded)
                {
                    return await FailAsync(context, forDid.Error).ConfigureAwait(false);
                }

                issuerApi = forDid.Value;
            }
            else
            {
                issuerApi = new SdJwtIssuer(signingKey, options);
            }

            var holder = holderJwkFile is null ? null : CliInput.ReadJwk(context, holderJwkFile, "--holder-jwk");
            SdJwtToken token;
            try
            {
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
        var holderKey = new Option<string?>("--holder-key") { Description = "The holder's private JWK file (a wallet key for cnf.kid bindings): adds a Key Binding JWT (with --aud and --nonce)." };
        var aud = new Option<string?>("--aud") { Description = "The verifier the presentation is for (KB-JWT aud)." };
        var nonce = new Option<string?>("--nonce") { Description = "The verifier's nonce (KB-JWT nonce)." };
        var blockTag = CliOptions.BlockTag();
        var network = new EthrNetworkArguments();

        var command = new Command("present", "Select disclosures of a credential (and bind it to the holder's key) and print the presentation (exit 0, 1 when the credential is malformed or the key is not the holder's, 2 usage error). With cnf.kid and a resolvable holder DID the key is checked first.")
        {
            credential, disclose, holderKey, aud, nonce, blockTag,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
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

            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(credential), "--credential", SdJwtVerificationOptions.DefaultMaxLength, SdJwtErrorCodes.InvalidSdJwt);
            var parsed = text.Succeeded ? SdJwtToken.Parse(text.Value) : text.Error;
            if (!parsed.Succeeded)
            {
                return await FailAsync(context, parsed.Error).ConfigureAwait(false);
            }

            using var key = keyFile is null ? null : CliInput.ReadSigningKey(context, keyFile, "--holder-key");
            if (key is not null && HolderKid(parsed.Value) is { } holderKidValue && DidUrl.TryParse(holderKidValue, out var holderUrl))
            {
                if (network.ForChain(parse) is { } ethrNetwork)
                {
                    context.AddServices(services => services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(ethrNetwork))));
                }

                // Refuse early, with the verifier's code, a key the holder's DID does not list for authentication.
                var own = await new Methods.DidSignatureVerifier(context.Resolver).FindKeyIdAsync(holderUrl.Did.ToString(), key.VerificationKey, VerificationRelationship.Authentication, CliOptions.Finality(parse, blockTag), holderKidValue, cancellationToken).ConfigureAwait(false);
                if (!own.Succeeded)
                {
                    return await FailAsync(context, new SdkError(SdJwtErrorCodes.HolderKeyNotFound, "--holder-key is not the credential's holder key: " + own.Error.Message)).ConfigureAwait(false);
                }
            }

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
        var keyValid = new Option<string>("--issuer-key-valid") { Description = "When the issuer key must be valid: now (default; a rotated-out key is refused) or issuance (the DID document at the credential's iat).", DefaultValueFactory = _ => "now" };
        keyValid.AcceptOnlyFromAmong("now", "issuance");
        var blockTag = CliOptions.BlockTag();
        var network = new EthrNetworkArguments();

        var command = new Command("verify", "Verify a presentation and print { valid, claims, issuer, holder, validated, error } (exit 0 valid, 1 invalid, 2 usage error). did:ethr issuers and holders need --rpc and --chain-id.")
        {
            presentation, issuerJwk, aud, nonce, noKeyBinding, statusListJwk, allowPrivateNetworks, keyValid, blockTag,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var requireKeyBinding = !parse.GetValue(noKeyBinding);
            var audience = parse.GetValue(aud);
            var nonceValue = parse.GetValue(nonce);
            if (requireKeyBinding && (string.IsNullOrEmpty(audience) || string.IsNullOrEmpty(nonceValue)))
            {
                throw new CliUsageException("Key binding is required: pass --aud and --nonce (or --no-key-binding).");
            }

            var issuerKey = parse.GetValue(issuerJwk) is { } issuerFile ? CliInput.ImportPublic(CliInput.ReadJwk(context, issuerFile, "--issuer-jwk"), "--issuer-jwk") : null;
            var statusKey = parse.GetValue(statusListJwk) is { } statusFile ? CliInput.ImportPublic(CliInput.ReadJwk(context, statusFile, "--status-list-jwk"), "--status-list-jwk") : issuerKey;
            if (network.ForChain(parse) is { } ethrNetwork)
            {
                context.AddServices(services => services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(ethrNetwork))));
            }

            IStatusListChecker? checker = null;
            if (statusKey is not null)
            {
                checker = new HttpStatusListChecker(context.StatusListHttpClient(parse.GetValue(allowPrivateNetworks)), StatusListKeyResolver.FromKey(statusKey), timeProvider: context.Time);
            }

            var request = new SdJwtVerificationRequest
            {
                RequireKeyBinding = requireKeyBinding,
                Audience = requireKeyBinding ? audience : null,
                Nonce = requireKeyBinding ? nonceValue : null,
                Finality = CliOptions.Finality(parse, blockTag),
                IssuerKeyValidity = parse.GetValue(keyValid) == "issuance" ? SdJwtKeyValidity.AtIssuance : SdJwtKeyValidity.Now,
            };
            var verifier = new SdJwtVerifier(new SdJwtVerificationOptions { IssuerKey = issuerKey }, context.Resolver, checker, context.Time);

            // The presentation is untrusted data: too large or not text is a verification result, not a usage error.
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(presentation), "--presentation", verifier.Options.MaxLength, SdJwtErrorCodes.InvalidSdJwt);
            var result = text.Succeeded
                ? await verifier.VerifyAsync(text.Value, request, cancellationToken).ConfigureAwait(false)
                : null;
            var error = result?.Error ?? (text.Succeeded ? null : text.Error);
            var validated = result?.Validated;
            var output = new JsonObject
            {
                ["valid"] = error is null,
                ["claims"] = result?.Claims?.DeepClone(),
                ["issuer"] = validated is null ? null : DescribeIssuer(validated),
                ["holder"] = validated?.HolderDid is null ? null : new JsonObject { ["did"] = validated.HolderDid, ["kid"] = validated.HolderKeyId },
                ["validated"] = validated is null ? null : Describe(validated),
                ["error"] = error is null ? null : new JsonObject { ["code"] = error.Code, ["message"] = error.Message },
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            if (error is not null)
            {
                await context.Error.WriteLineAsync($"{error.Code}: {error.Message}").ConfigureAwait(false);
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
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(input), "file", SdJwtVerificationOptions.DefaultMaxLength, SdJwtErrorCodes.InvalidSdJwt);
            var parsed = text.Succeeded ? SdJwtToken.Parse(text.Value) : text.Error;
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

    // The holder's authentication method to bind: the given one if the DID lists it, else the first.
    private static async Task<Result<string>> HolderMethodAsync(CliContext context, string holderDid, string? holderKid, Finality? finality, CancellationToken cancellationToken)
    {
        if (!Did.TryParse(holderDid, out _))
        {
            throw new CliUsageException($"--holder-did '{holderDid}' is not a DID.");
        }

        var ids = await new Methods.DidSignatureVerifier(context.Resolver).FindMethodIdsAsync(holderDid, VerificationRelationship.Authentication, finality, cancellationToken).ConfigureAwait(false);
        if (!ids.Succeeded)
        {
            return ids.Error;
        }

        if (holderKid is not null)
        {
            return ids.Value.Contains(holderKid)
                ? holderKid
                : Result<string>.Failure(Methods.DidSignatureErrorCodes.VerificationMethodNotFound, $"{holderDid} does not list {holderKid} for authentication.");
        }

        return ids.Value.Count > 0
            ? ids.Value[0]
            : Result<string>.Failure(Methods.DidSignatureErrorCodes.VerificationMethodNotFound, $"{holderDid} lists no authentication method.");
    }

    // cnf.kid of the credential's issuer-signed payload, when it names one.
    private static string? HolderKid(SdJwtToken token)
    {
        var jwt = DecodeJwt(token.IssuerSignedJwt);
        return jwt.Succeeded && jwt.Value.Payload is JsonObject payload && payload["cnf"] is JsonObject cnf
            && cnf["kid"] is JsonValue kid && kid.GetValueKind() == JsonValueKind.String ? kid.GetValue<string>() : null;
    }

    private static JsonObject? DescribeIssuer(SdJwtValidated validated)
    {
        if (!validated.KeyResolved)
        {
            return null;
        }

        var issuer = new JsonObject { ["did"] = validated.Issuer, ["kid"] = validated.KeyId };
        if (validated.IssuerBlock is { } block)
        {
            issuer["blockNumber"] = block.Number;
            issuer["blockHash"] = block.Hash;
            issuer["blockTag"] = block.Tag;
            issuer["chainId"] = block.ChainId;
        }

        issuer["keyValid"] = validated.IssuerKeyValidity == SdJwtKeyValidity.AtIssuance ? "issuance" : "now";
        return issuer;
    }

    private static JsonObject? StatusClaim(string? uri, int? index)
    {
        if ((uri is null) != (index is null))
        {
            throw new CliUsageException("--status-uri and --status-idx go together.");
        }

        if (uri is null)
        {
            return null;
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsedUri) || parsedUri.Scheme is not ("https" or "http"))
        {
            throw new CliUsageException("--status-uri must be an absolute http(s) URI.");
        }

        if (index < 0)
        {
            throw new CliUsageException("--status-idx must not be negative.");
        }

        return new JsonObject { ["status_list"] = new JsonObject { ["idx"] = index, ["uri"] = uri } };
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
}
