using System.CommandLine;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.Methods;

namespace Did.Sdk.Cli;

/// <summary><c>did-sdk key generate --alg EdDSA|ES256|ES256K</c></summary>
internal static class KeyCommand
{
    public static Command Create(CliContext context)
    {
        var alg = new Option<string>("--alg")
        {
            Description = "The JWS algorithm of the key: EdDSA (Ed25519), ES256 (P-256) or ES256K (secp256k1).",
            Required = true,
        };
        alg.AcceptOnlyFromAmong("EdDSA", "ES256", "ES256K");

        var generate = new Command("generate", "Generate a key pair and print { privateJwk, publicJwk, didKey, didJwk } as JSON. The private JWK is a secret: store it safely.")
        {
            alg,
        };

        generate.SetAction(async parse =>
        {
            var name = parse.GetRequiredValue(alg);
            if (!JwsAlgorithm.TryGetByName(name, out var algorithm))
            {
                throw new CliUsageException($"Unknown algorithm '{name}'.");
            }

            using var key = SigningKey.Generate(algorithm, exportable: true);
            var publicJwk = key.VerificationKey.ToJwk();
            var output = new JsonObject
            {
                ["privateJwk"] = key.ExportPrivateJwk().ToJsonObject(),
                ["publicJwk"] = publicJwk.ToJsonObject(),
                ["didKey"] = DidKey.Create(key.VerificationKey).ToString(),
                ["didJwk"] = DidJwk.Create(publicJwk).ToString(),
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });

        return new Command("key", "Key management.") { generate };
    }
}
