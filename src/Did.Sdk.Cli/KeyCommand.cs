using System.CommandLine;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
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

        var output = new Option<string?>("--out")
        {
            Description = "Also write <prefix>.private.jwk.json (owner-only permissions where supported) and <prefix>.public.jwk.json; existing files are not overwritten.",
        };

        var generate = new Command("generate", "Generate a key pair and print { privateJwk, publicJwk, didKey, didJwk } (and ethereumAddress for ES256K) as JSON. The private JWK is a secret: store it safely.")
        {
            alg, output,
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
            var result = new JsonObject
            {
                ["privateJwk"] = key.ExportPrivateJwk().ToJsonObject(),
                ["publicJwk"] = publicJwk.ToJsonObject(),
                ["didKey"] = DidKey.Create(key.VerificationKey).ToString(),
                ["didJwk"] = DidJwk.Create(publicJwk).ToString(),
            };
            if (algorithm == JwsAlgorithm.ES256K)
            {
                // The account of a secp256k1 key: the address in did:ethr:<network>:<address> and did:pkh:eip155.
                result["ethereumAddress"] = EthereumAddress.FromPublicKey(key.VerificationKey.Export(compressed: false)).ToString();
            }

            if (parse.GetValue(output) is { } prefix)
            {
                WriteNew(prefix + ".private.jwk.json", result["privateJwk"]!.ToJsonString(CliJson.Indented), secret: true);
                WriteNew(prefix + ".public.jwk.json", result["publicJwk"]!.ToJsonString(CliJson.Indented), secret: false);
            }

            await context.Out.WriteLineAsync(result.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });

        return new Command("key", "Key management.") { generate };
    }

    private static void WriteNew(string path, string content, bool secret)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (secret && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
            writer.WriteLine(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"--out: cannot create '{path}': {ex.Message}");
        }
    }
}
