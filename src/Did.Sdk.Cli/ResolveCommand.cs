using System.CommandLine;
using System.Text.Json;
using Did.Sdk.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Cli;

/// <summary><c>did-sdk resolve &lt;did-url&gt;</c></summary>
internal static class ResolveCommand
{
    public static Command Create(CliContext context)
    {
        var didUrl = new Argument<string>("did-url") { Description = "The DID to resolve, or a DID URL to dereference (#fragment, ?service=…)." };
        var accept = new Option<string?>("--accept") { Description = "The representation: application/did+json (default) or application/did+ld+json." };
        var versionId = new Option<string?>("--version-id") { Description = "Resolve this version of the document." };
        var versionTime = new Option<string?>("--version-time") { Description = "Resolve the version valid at this time (2021-03-18T09:30:10Z)." };

        var blockTag = new Option<string?>("--block-tag") { Description = "did:ethr: resolve at the latest, safe or finalized block (default latest); the block is reported in didResolutionMetadata." };
        blockTag.AcceptOnlyFromAmong("latest", "safe", "finalized");
        var network = new EthrNetworkArguments();

        var command = new Command("resolve", "Resolve a DID and print the DID Resolution Result as JSON (exit 0 resolved, 1 resolution error, 2 usage error). A DID URL with a fragment, query or path is dereferenced instead. did:ethr needs --rpc.")
        {
            didUrl, accept, versionId, versionTime, blockTag,
        };
        foreach (var option in network.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? time = null;
            if (parse.GetValue(versionTime) is { } timeText)
            {
                if (!DidDateTime.TryParse(timeText, out var parsed))
                {
                    throw new CliUsageException($"--version-time '{timeText}' is not a DID Core datetime such as 2021-03-18T09:30:10Z.");
                }

                time = parsed;
            }

            var input = parse.GetRequiredValue(didUrl);
            var didPart = DidUrl.TryParse(input, out var parsedUrl) ? parsedUrl.Did.ToString() : input;
            if (network.For(parse, didPart) is { } ethrNetwork)
            {
                context.AddServices(services => services.AddDidSdk(b => b.AddDidEthr(o => o.Networks.Add(ethrNetwork))));
            }

            var tag = parse.GetValue(blockTag);
            var options = new DidResolutionOptions
            {
                Accept = parse.GetValue(accept),
                VersionId = parse.GetValue(versionId),
                VersionTime = time,
                Finality = tag is null ? null : Enum.Parse<Finality>(tag, ignoreCase: true),
            };

            // A DID URL whose only part besides the DID is a query of versionId/versionTime asks for a
            // version of the document: resolve it (as did-resolver and the Universal Resolver do). A
            // path, a fragment or any other parameter (service, relativeRef, hl) asks to dereference.
            var isDidUrl = DidUrl.TryParse(input, out var url);
            if (isDidUrl && IsVersionQuery(url!))
            {
                var versioned = WithVersionParameters(options, url!);
                if (!versioned.Succeeded)
                {
                    var refused = DidResolutionResult.Failure(versioned.Error);
                    await CliJson.WriteAsync(context.Out, refused, CoreJsonContext.Indented.DidResolutionResult).ConfigureAwait(false);
                    await context.Error.WriteLineAsync($"{versioned.Error.Code}: {versioned.Error.Message}").ConfigureAwait(false);
                    return CliApp.Failed;
                }

                options = versioned.Value;
                input = url!.Did.ToString();
            }

            var isBareDid = !isDidUrl || url!.IsDid || input == url.Did.ToString();
            if (isBareDid)
            {
                var resolver = context.Services.GetRequiredService<IDidResolver>();
                var result = await resolver.ResolveAsync(input, options, cancellationToken).ConfigureAwait(false);
                await CliJson.WriteAsync(context.Out, result, CoreJsonContext.Indented.DidResolutionResult).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    await context.Error.WriteLineAsync($"{result.Error.Code}: {result.Error.Message}").ConfigureAwait(false);
                }

                return result.Succeeded ? CliApp.Success : CliApp.Failed;
            }

            var dereferencer = context.Services.GetRequiredService<DidUrlDereferencer>();
            var dereferenced = await dereferencer.DereferenceAsync(input, options, cancellationToken).ConfigureAwait(false);
            await CliJson.WriteAsync(context.Out, dereferenced, CoreJsonContext.Indented.DidDereferencingResult).ConfigureAwait(false);
            if (!dereferenced.Succeeded)
            {
                await context.Error.WriteLineAsync($"{dereferenced.Error.Code}: {dereferenced.Error.Message}").ConfigureAwait(false);
            }

            return dereferenced.Succeeded ? CliApp.Success : CliApp.Failed;
        });
        return command;
    }

    private static bool IsVersionQuery(DidUrl url)
        => url.Path.Length == 0 && url.Fragment is null && url.Query is not null && url.Parameters.Count > 0
            && url.Parameters.Keys.All(k => k is "versionId" or "versionTime");

    private static Result<DidResolutionOptions> WithVersionParameters(DidResolutionOptions options, DidUrl url)
    {
        var parameters = url.Parameters;
        if (parameters.TryGetValue("versionId", out var id))
        {
            if (options.VersionId is not null && options.VersionId != id)
            {
                throw new CliUsageException("--version-id contradicts the DID URL's versionId.");
            }

            options = options with { VersionId = id };
        }

        if (parameters.TryGetValue("versionTime", out var timeText))
        {
            if (!DidDateTime.TryParse(timeText, out var time))
            {
                return Result<DidResolutionOptions>.Failure(DidResolutionErrors.InvalidOptions, "The DID URL's versionTime is not a DID Core datetime such as 2021-03-18T09:30:10Z.");
            }

            if (options.VersionTime is not null && options.VersionTime != time)
            {
                throw new CliUsageException("--version-time contradicts the DID URL's versionTime.");
            }

            options = options with { VersionTime = time };
        }

        return options;
    }
}

internal static class CliJson
{
    public static JsonSerializerOptions Indented { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync<T>(TextWriter writer, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        await writer.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo)).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }
}
