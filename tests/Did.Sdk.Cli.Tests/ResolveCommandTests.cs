using Microsoft.Extensions.DependencyInjection;

namespace Did.Sdk.Cli.Tests;

public class ResolveCommandTests
{
    private const string DidKeyEd25519 = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    [Fact]
    public async Task Resolve_NoArgument_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync("resolve");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("did-url", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BadVersionTime_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519, "--version-time", "yesterday");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("--version-time", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-did", "invalidDid")]
    [InlineData("did:key:abc", "invalidDid")]
    [InlineData("did:key:z6Mkbad", "unsupportedPublicKeyType")]
    [InlineData("did:unknown:123", "methodNotSupported")]
    [InlineData("did:pkh:eip155:1:0x1234", "invalidDid")]
    public async Task Resolve_Unresolvable_ExitsOneWithErrorCode(string did, string code)
    {
        var run = await CliRun.RunAsync("resolve", did);

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal(code, run.Json.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Json.GetProperty("didDocument").ValueKind);
        Assert.StartsWith(code + ":", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DidKeyEd25519)]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    [InlineData("did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9")]
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")]
    public async Task Resolve_ValidDid_PrintsResolutionResult(string did)
    {
        var run = await CliRun.RunAsync("resolve", did);

        Assert.Equal(CliApp.Success, run.ExitCode);
        Assert.Equal(did, run.Json.GetProperty("didDocument").GetProperty("id").GetString());
        Assert.Equal("application/did+json", run.Json.GetProperty("didResolutionMetadata").GetProperty("contentType").GetString());
        Assert.True(run.Json.TryGetProperty("didDocumentMetadata", out _));
        Assert.Empty(run.Stderr);
    }

    [Theory]
    [InlineData("?versionId=1")]
    [InlineData("?versionTime=2021-03-18T09:30:10Z")]
    [InlineData("?versionId=1&versionTime=2021-03-18T09:30:10Z")]
    public async Task Resolve_DidUrlWithOnlyVersionParameters_PrintsAResolutionResult(string query)
    {
        var run = await CliRun.RunAsync("resolve", "did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a" + query);

        // Resolved like the bare DID with those options (did-resolver and the Universal Resolver do the same):
        // a resolution result, not a dereferencing result.
        Assert.True(run.Json.TryGetProperty("didResolutionMetadata", out _), run.Stdout);
        Assert.False(run.Json.TryGetProperty("dereferencingMetadata", out _));
    }

    [Fact]
    public async Task Resolve_DidUrlWithMalformedVersionTime_InvalidOptionsExitOne()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519 + "?versionTime=yesterday");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("invalidOptions", run.Json.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Resolve_DidUrlWithServiceParameter_IsDereferenced()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519 + "?service=files");

        Assert.True(run.Json.TryGetProperty("dereferencingMetadata", out _), run.Stdout);
    }

    [Fact]
    public async Task Resolve_VersionFlagContradictingTheUrl_UsageError()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519 + "?versionId=1", "--version-id", "2");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }

    [Theory]
    [InlineData("did:ethr:0xa:0x1234")]
    [InlineData("did:ethr:0xa:0xzz")]
    [InlineData("did:ethr:0x1234")]
    public async Task Resolve_MalformedDidEthrWithRpc_InvalidDidExitOne(string did)
    {
        // The DID is data: a bad identifier is a resolution error, not a complaint about --rpc.
        var run = await CliRun.RunAsync("resolve", did, "--rpc", "http://127.0.0.1:1", "--registry", "0xdca7ef03e98e0dc2b855be647c39abe984fcf21b");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("invalidDid", run.Json.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Resolve_DidUrlWithFragment_PrintsVerificationMethod()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519 + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");

        Assert.Equal(CliApp.Success, run.ExitCode);
        var content = run.Json.GetProperty("contentStream");
        Assert.Equal("Multikey", content.GetProperty("type").GetString());
        Assert.Equal(DidKeyEd25519, content.GetProperty("controller").GetString());
    }

    [Fact]
    public async Task Resolve_DidUrlWithUnknownFragment_ExitsOneWithNotFound()
    {
        var run = await CliRun.RunAsync("resolve", DidKeyEd25519 + "#nope");

        Assert.Equal(CliApp.Failed, run.ExitCode);
        Assert.Equal("notFound", run.Json.GetProperty("dereferencingMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Help_OnEveryCommand_ExitsZero()
    {
        foreach (var args in new[] { new[] { "--help" }, ["resolve", "--help"], ["key", "--help"], ["key", "generate", "--help"] })
        {
            var run = await CliRun.RunAsync(args);

            Assert.Equal(CliApp.Success, run.ExitCode);
            Assert.Contains("Usage", run.Stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Resolve_ResolverBug_OneLineOnStderrAndExitOne()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["resolve", DidKeyEd25519], stdout, stderr,
            services => services.AddSingleton<IDidResolver>(new ThrowingResolver()));

        Assert.Equal(CliApp.Failed, code);
        Assert.StartsWith("error: unexpected InvalidOperationException", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", stderr.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingResolver : IDidResolver
    {
        public ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("bug");
    }

    [Fact]
    public async Task UnknownCommand_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync("frobnicate");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
    }
}
