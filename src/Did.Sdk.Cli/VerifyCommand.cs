using System.CommandLine;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;
using Did.Sdk.Verification;
using Did.Sdk.Verification.Policy;
using Did.Sdk.Verification.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk verify</c>: one presentation against one policy file, printing the decision with every check;
/// <c>did-sdk presentation-request</c>: a request (nonce, audience, the policy's DCQL query) to answer.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var presentation = new Option<string>("--presentation") { Description = "The presentation file: an SD-JWT with its key-binding JWT, or an OpenID4VP vp_token JSON object (- for standard input).", Required = true };
        var policy = new Option<string>("--policy") { Description = "The verification policy file (schemas/verification-policy/v1).", Required = true };
        var request = new Option<string?>("--request") { Description = "The presentation request file the presentation answers (from 'did-sdk presentation-request')." };
        var aud = new Option<string?>("--aud") { Description = "Without --request: the audience the key-binding JWT must name." };
        var nonce = new Option<string?>("--nonce") { Description = "Without --request: the nonce the key-binding JWT must answer." };
        var statusListJwk = new Option<string?>("--status-list-jwk") { Description = "The public JWK file trusted to sign status lists. A credential with a status fails closed when no key is known." };
        var allowPrivateNetworks = new Option<bool>("--allow-private-networks") { Description = "Let the status list fetch connect to loopback, private and link-local addresses (refused by default: the URI comes from the credential)." };
        var network = new EthrNetworkArguments();
        var command = new Command("verify", "Verify a presentation against a policy and print { decision, valid, claims, issuer, holder, checks, evidence, error } (exit 0 accepted, 1 rejected or pending, 2 usage error). did:ethr DIDs and chain rules need --rpc and --chain-id.")
        {
            presentation, policy, request, aud, nonce, statusListJwk, allowPrivateNetworks,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = await LoadPolicyAsync(context, parse.GetRequiredValue(policy), cancellationToken).ConfigureAwait(false);
            if (!loaded.Succeeded)
            {
                return await FailAsync(context, loaded.Error).ConfigureAwait(false);
            }

            var ethr = network.ForChain(parse);
            EthereumClient? chain = null;
            if (ethr is not null)
            {
                context.AddServices(services => services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(ethr))));
                chain = new EthereumClient(new HttpEthereumRpc(context.HttpClient, new HttpEthereumRpcOptions { Endpoint = ethr.RpcUrl }, context.Time), new EthereumClientOptions { ChainId = ethr.ChainId });
            }

            if (loaded.Value.ChainRules().Any() && (chain is null || loaded.Value.Chain!.ChainId != ethr!.ChainId))
            {
                throw new CliUsageException($"The policy reads chain {loaded.Value.Chain!.ChainId}: pass --rpc with --chain-id {loaded.Value.Chain.ChainId}.");
            }

            var presentationRequest = ReadRequest(context, parse.GetValue(request), parse.GetValue(aud), parse.GetValue(nonce), loaded.Value);
            var statusKey = parse.GetValue(statusListJwk) is { } statusFile ? CliInput.ImportPublic(CliInput.ReadJwk(context, statusFile, "--status-list-jwk"), "--status-list-jwk") : null;
            var checker = statusKey is null ? null : new HttpStatusListChecker(context.StatusListHttpClient(parse.GetValue(allowPrivateNetworks)), StatusListKeyResolver.FromKey(statusKey), timeProvider: context.Time);
            var store = new MemoryPresentationRequestStore(context.Time);
            (await store.AddAsync(presentationRequest, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
            var verifier = new PresentationVerifier(loaded.Value, new SdJwtVerifier(new SdJwtVerificationOptions(), context.Resolver, checker, context.Time), context.Resolver, chain, store, context.Time);

            // The presentation is untrusted data: too large or not text is a decision, not a usage error.
            var text = CliInput.ReadUntrustedText(context, parse.GetRequiredValue(presentation), "--presentation", PresentationVerifier.MaxPresentationLength, VerificationErrorCodes.InvalidPresentation);
            if (!text.Succeeded)
            {
                return await FailAsync(context, text.Error).ConfigureAwait(false);
            }

            var decision = await verifier.VerifyAsync(text.Value, presentationRequest.Nonce, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(decision.ToJson().ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            if (!decision.Accepted)
            {
                await context.Error.WriteLineAsync($"{decision.Outcome.ToString().ToLowerInvariant()}: {decision.Error?.Code}: {decision.Error?.Message}").ConfigureAwait(false);
                return CliApp.Failed;
            }

            return CliApp.Success;
        });
        return command;
    }

    public static Command CreateRequest(CliContext context)
    {
        var policy = new Option<string>("--policy") { Description = "The verification policy file whose DCQL query the request carries.", Required = true };
        var aud = new Option<string>("--aud") { Description = "This verifier's audience (client id or URL), which the key-binding JWT must name.", Required = true };
        var command = new Command("presentation-request", "Create a presentation request { nonce, aud, dcql_query, iat, exp } for 'did-sdk verify --request' (exit 0, 1 invalid policy, 2 usage error).")
        {
            policy, aud,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = await LoadPolicyAsync(context, parse.GetRequiredValue(policy), cancellationToken).ConfigureAwait(false);
            if (!loaded.Succeeded)
            {
                return await FailAsync(context, loaded.Error).ConfigureAwait(false);
            }

            var created = PresentationRequest.Create(loaded.Value.Dcql, parse.GetRequiredValue(aud), loaded.Value.RequestLifetime, context.Time);
            await context.Out.WriteLineAsync(created.ToJson().ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    // The policy file is the operator's: unreadable is a usage error; its content is checked like data
    // (a malformed or hostile policy is a typed invalidPolicy result).
    internal static async Task<Result<VerificationPolicy>> LoadPolicyAsync(CliContext context, string file, CancellationToken cancellationToken)
    {
        try
        {
            return await VerificationPolicyJson.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _ = context;
            throw new CliUsageException($"--policy: cannot read '{file}': {ex.Message}");
        }
    }

    // --request FILE, or --aud with --nonce: the request a presentation answers (the operator's input: usage errors).
    internal static PresentationRequest ReadRequest(CliContext context, string? file, string? aud, string? nonce, VerificationPolicy policy)
    {
        if (file is not null)
        {
            if (aud is not null || nonce is not null)
            {
                throw new CliUsageException("--request carries the audience and nonce: drop --aud and --nonce.");
            }

            var parsed = PresentationRequest.FromJson(CliInput.ReadOperatorJson(context, file, "--request"));
            return parsed.Succeeded ? parsed.Value : throw new CliUsageException("--request: " + parsed.Error.Message);
        }

        if (string.IsNullOrEmpty(aud) || string.IsNullOrEmpty(nonce))
        {
            throw new CliUsageException("Pass --request, or --aud and --nonce.");
        }

        return PresentationRequest.Create(policy.Dcql, aud, policy.RequestLifetime, context.Time) with { Nonce = nonce };
    }

    private static async Task<int> FailAsync(CliContext context, SdkError error)
    {
        var output = new JsonObject { ["decision"] = "rejected", ["valid"] = false, ["checks"] = new JsonArray(), ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"{error.Code}: {error.Message}").ConfigureAwait(false);
        return CliApp.Failed;
    }
}
