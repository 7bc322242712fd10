using System.CommandLine;
using System.Reflection;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;

namespace Did.Sdk.Cli;

/// <summary><c>did-sdk info</c>: the SDK version, algorithms and the active secp256k1 backend.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("info", "Print the SDK version, the supported JWS algorithms and DID methods, and which secp256k1 backend is active (native libsecp256k1 or managed).");
        command.SetAction(async parse =>
        {
            var output = new JsonObject
            {
                ["version"] = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                ["algorithms"] = new JsonArray([.. JwsAlgorithm.All.Select(a => JsonValue.Create(a.Name))]),
                ["didMethods"] = new JsonArray([.. context.Resolver.Methods.Order(StringComparer.Ordinal).Select(m => JsonValue.Create(m))]),
                ["secp256k1"] = new JsonObject
                {
                    ["backend"] = Secp256k1.Default.Description,
                    ["native"] = Secp256k1.Default.IsNative,
                    ["nativeAvailable"] = Secp256k1.Native is not null,
                },
            };
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }
}
