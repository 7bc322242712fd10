using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.SocialToken;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Did.Sdk.Interop.Tests;

/// <summary>
/// EIP-4361 against siwe 3.0.0 (and its ABNF parser, @spruceid/siwe-parser) on seeded random messages:
/// the same text from the same fields, the same fields from the same text, signatures both ways, and the
/// same verdict on mutated texts.
/// </summary>
public sealed class SiweInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Unreserved = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    private const string StatementChars = Unreserved + ":/?#[]@!$&'()*+,;= ";
    private JsonLinesProcess _js = null!;

    public Task InitializeAsync()
    {
        _js = new JsonLinesProcess(JsonLinesProcess.NodeDirectory, "siwe.mjs");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _js.DisposeAsync();

    private static string Pick(Random random, string alphabet, int min, int max)
        => new([.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    private static SiweMessage RandomMessage(Random random, EthereumAddress address)
    {
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + random.NextInt64(100_000_000_000));
        return new SiweMessage
        {
            Scheme = random.Next(4) == 0 ? "https" : null,
            Domain = new[] { "issuer.example", "localhost:8080", "a.b-c.example", "127.0.0.1:3000" }[random.Next(4)],
            Address = address,
            Statement = random.Next(3) == 0 ? null : Pick(random, StatementChars, 1, 80).Trim() is { Length: > 0 } s ? s : "Sign in",
            Uri = new[] { "https://issuer.example/credentials", "did:ethr:devnet:" + address, "http://localhost:8080/login?x=1" }[random.Next(3)],
            ChainId = (ulong)random.NextInt64(1, 1L << 53),
            Nonce = Pick(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8, 32),
            IssuedAt = issued,
            ExpirationTime = random.Next(2) == 0 ? issued.AddMinutes(random.Next(1, 100_000)) : null,
            NotBefore = random.Next(3) == 0 ? issued.AddSeconds(random.Next(0, 1000)) : null,
            RequestId = random.Next(3) == 0 ? Pick(random, Unreserved, 1, 20) : null,
            Resources = [.. Enumerable.Range(0, random.Next(0, 4)).Select(i => $"https://r{i}.example/{Pick(random, Unreserved, 1, 10)}")],
        };
    }

    private static JsonObject Fields(SiweMessage m)
    {
        var fields = new JsonObject
        {
            ["domain"] = m.Domain,
            ["address"] = m.Address.ToString(),
            ["uri"] = m.Uri,
            ["version"] = m.Version,
            ["chainId"] = m.ChainId,
            ["nonce"] = m.Nonce,
            ["issuedAt"] = Iso(m.IssuedAt),
        };
        if (m.Scheme is not null) fields["scheme"] = m.Scheme;
        if (m.Statement is not null) fields["statement"] = m.Statement;
        if (m.ExpirationTime is { } e) fields["expirationTime"] = Iso(e);
        if (m.NotBefore is { } n) fields["notBefore"] = Iso(n);
        if (m.RequestId is not null) fields["requestId"] = m.RequestId;
        if (m.Resources.Count > 0) fields["resources"] = new JsonArray([.. m.Resources.Select(r => (JsonNode)r)]);
        return fields;
    }

    // JavaScript's Date.toISOString form, which is what siwe writes for dates.
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static EthereumPrivateKey Key(Random random, out string hex)
    {
        var scalar = new byte[32];
        random.NextBytes(scalar);
        scalar[0] &= 0x7f;
        scalar[31] |= 1;
        hex = Convert.ToHexStringLower(scalar);
        return EthereumPrivateKey.Import(scalar).ThrowIfFailed();
    }

    [Fact]
    public async Task RandomMessages_SameTextAndSameFieldsBothWays()
    {
        var random = new Random(4361);
        for (int i = 0; i < 150; i++)
        {
            using var key = Key(random, out _);
            var message = RandomMessage(random, key.Address);
            var ours = message.ToString();

            var theirs = await _js.SendAsync(new JsonObject { ["op"] = "format", ["fields"] = Fields(message) });
            Assert.True(theirs.GetProperty("ok").GetBoolean(), theirs.ToString());
            string jsText = theirs.GetProperty("message").GetString()!;
            var parsedTheirs = SiweMessage.Parse(jsText).ThrowIfFailed();
            Assert.Equal(Fields(message).ToJsonString(), Fields(parsedTheirs).ToJsonString());

            var fields = await _js.SendAsync(new JsonObject { ["op"] = "parse", ["message"] = ours });
            Assert.True(fields.GetProperty("ok").GetBoolean(), $"siwe refused our text:\n{ours}\n{fields}");
            var back = fields.GetProperty("fields");
            Assert.Equal(message.Address.ToString(), back.GetProperty("address").GetString());
            Assert.Equal((double)message.ChainId, back.GetProperty("chainId").GetDouble());
            Assert.Equal(message.Nonce, back.GetProperty("nonce").GetString());
            Assert.Equal(message.Statement, back.TryGetProperty("statement", out var st) ? st.GetString() : null);
            Assert.Equal(message.Resources, back.TryGetProperty("resources", out var rs) ? rs.EnumerateArray().Select(r => r.GetString()!).ToArray() : []);
            Assert.Equal(message.IssuedAt, DateTimeOffset.Parse(back.GetProperty("issuedAt").GetString()!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Signatures_EthersSignedVerifiedHere_OursVerifiedBySiwe()
    {
        var random = new Random(191);
        for (int i = 0; i < 40; i++)
        {
            using var key = Key(random, out var hex);
            var message = RandomMessage(random, key.Address) with { ExpirationTime = null, NotBefore = null };
            var expectation = new SiweExpectation { Domain = message.Domain, ChainId = message.ChainId, MaxAge = TimeSpan.FromDays(1) };
            var verifier = new SiweVerifier(timeProvider: new FakeTimeProvider(message.IssuedAt.AddSeconds(5)));

            var signed = await _js.SendAsync(new JsonObject { ["op"] = "sign", ["privateKeyHex"] = hex, ["fields"] = Fields(message) });
            string jsText = signed.GetProperty("message").GetString()!;
            var jsSignature = Hex(signed.GetProperty("signature").GetString()!);
            Assert.True((await verifier.VerifyAsync(jsText, jsSignature, expectation)).Succeeded);
            Assert.Equal(SocialTokenErrorCodes.SiweSignatureInvalid, (await verifier.VerifyAsync(jsText.Replace("Nonce: ", "Nonce: x", StringComparison.Ordinal), jsSignature, expectation)).Error?.Code);

            string ours = message.ToString();
            var signature = EthereumSigner.SignPersonalMessage(key, Encoding.UTF8.GetBytes(ours)).ToString();
            var verdict = await _js.SendAsync(new JsonObject { ["op"] = "verify", ["message"] = ours, ["signature"] = signature, ["domain"] = message.Domain, ["nonce"] = message.Nonce, ["time"] = Iso(message.IssuedAt.AddSeconds(5)) });
            Assert.True(verdict.GetProperty("success").GetBoolean(), verdict.ToString());
            using var other = Key(random, out _);
            var wrong = EthereumSigner.SignPersonalMessage(other, Encoding.UTF8.GetBytes(ours)).ToString();
            var refused = await _js.SendAsync(new JsonObject { ["op"] = "verify", ["message"] = ours, ["signature"] = wrong, ["domain"] = message.Domain, ["nonce"] = message.Nonce, ["time"] = Iso(message.IssuedAt.AddSeconds(5)) });
            Assert.False(refused.GetProperty("success").GetBoolean());
        }
    }

    [Fact]
    public async Task MutatedMessages_SameVerdictAsTheAbnfParser()
    {
        var random = new Random(4362);
        const string alphabet = "aZ0:/ -.\n\r@#?é\t";
        var disagreements = new List<string>();
        int accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            using var key = Key(random, out _);
            var text = RandomMessage(random, key.Address).ToString();
            var mutated = new StringBuilder(text);
            int position = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0: mutated[position] = alphabet[random.Next(alphabet.Length)]; break;
                case 1: mutated.Remove(position, 1); break;
                default: mutated.Insert(position, alphabet[random.Next(alphabet.Length)]); break;
            }

            var m = mutated.ToString();
            var parsed = SiweMessage.Parse(m);
            bool ours = parsed.Succeeded;
            bool theirs = (await _js.SendAsync(new JsonObject { ["op"] = "parse", ["message"] = m })).GetProperty("ok").GetBoolean();
            accepted += ours ? 1 : 0;
            if (ours != theirs)
            {
                disagreements.Add($"ours={ours} ({parsed.Error?.Message}) siwe={theirs}: {JsonSerializer.Serialize(m)}");
            }
        }

        foreach (var d in disagreements.Take(30))
        {
            output.WriteLine(d);
        }

        output.WriteLine($"{accepted} of 3000 mutations accepted by both; {disagreements.Count} disagreements");
        Assert.Empty(disagreements);
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text);
}
