using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Abi;
using Did.Sdk.Ethereum.Rlp;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.Ethr;
using Did.Sdk.Jose;
using Did.Sdk.Json;
using Did.Sdk.Methods;
using Did.Sdk.SdJwt;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.Fuzz;

/// <summary>
/// One fuzz target per parser family. Each takes the raw input bytes and calls every public parse entry
/// point of its family; results are inspected (so lazy work runs) and thrown away. Anything that throws
/// out of a target is a finding.
/// </summary>
internal static class Targets
{
    private static readonly Dictionary<string, Action<byte[]>> All = new(StringComparer.Ordinal)
    {
        ["jose"] = Jose,
        ["did"] = DidFamily,
        ["sdjwt"] = SdJwtFamily,
        ["statuslist"] = StatusListToken,
        ["rlp"] = Rlp,
        ["abi"] = Abi,
        ["eip712"] = Eip712,
        ["jsonrpc"] = JsonRpc,
    };

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? target) => All.TryGetValue(name, out target);

    // Fixed test keys, created once per process (signatures are deterministic for EdDSA; ES256 keys only
    // need to be the same within one process).
    private static readonly SigningKey IssuerKey = SigningKey.Generate(JwsAlgorithm.ES256);
    private static readonly SigningKey HolderKey = SigningKey.Generate(JwsAlgorithm.EdDSA);
    private static readonly string HolderJwkJson = HolderKey.VerificationKey.ToJwk().ToJson();
    private static readonly FixedTime Clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private static readonly JwsVerifier JwsVerifier = new();
    private static readonly Did BaseDid = Did.Parse("did:example:123").ThrowIfFailed();

    private static readonly DidResolver Resolver = new(new DidKeyResolver(), new DidJwkResolver(), new DidPkhResolver());
    private static readonly DecodedJws FixedJws = Jws.Decode(Jws.Sign("{}"u8, IssuerKey)).ThrowIfFailed();
    private static readonly VerificationMethodContext MethodContext = new(JwsVerifier) { ChainId = 1 };

    // The issuer as did:jwk, for the path where the verifier finds the issuer's key by resolving kid.
    private static readonly string IssuerDid = DidJwk.Create(IssuerKey.VerificationKey.ToJwk()).ToString();
    private static readonly SdJwtVerifier ResolvingVerifier = new(
        new SdJwtVerificationOptions { DisableStatusCheck = true, VerificationMethods = EthereumVerificationMethods.Handlers },
        Resolver, statusChecker: null, timeProvider: Clock);

    private static readonly SdJwtVerifier SdJwtVerifier = new(
        new SdJwtVerificationOptions { IssuerKey = IssuerKey.VerificationKey, DisableStatusCheck = true },
        resolver: null, statusChecker: null, timeProvider: Clock);

    private static readonly SdJwtVerificationRequest KeyBound = SdJwtVerificationRequest.KeyBound("https://verifier.example", "nonce-123");

    private static readonly StatusListTokenValidator StatusValidator = new(timeProvider: Clock);
    private const string StatusUri = "https://example.com/statuslists/1";

    // DIDSDK_FUZZ_TRACE=1 prints how far each input got (for checking that seeds pass the signatures).
    private static readonly bool Tracing = Environment.GetEnvironmentVariable("DIDSDK_FUZZ_TRACE") == "1";

    private static void Trace(string what, SdkError? error)
    {
        if (Tracing)
        {
            Console.Error.WriteLine($"{what}: {error?.Code ?? "ok"} {error?.Message}");
        }
    }

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>Compact and JSON JWS, JWK, base64url, multibase, multicodec varints, Multikey, DER ECDSA signatures.</summary>
    private static void Jose(byte[] data)
    {
        string text = Text(data);
        var compact = Jws.Decode(text);
        if (compact.Succeeded)
        {
            _ = JwsVerifier.ValidateHeader(compact.Value);
            _ = JwsVerifier.Verify(compact.Value, IssuerKey.VerificationKey);
            _ = compact.Value.Payload.Length;
        }

        _ = Jws.DecodeDetached(text, data);
        var json = JwsJson.Decode(text, 1 << 20, 8);
        if (json.Succeeded)
        {
            foreach (var jws in json.Value)
            {
                _ = JwsVerifier.ValidateHeader(jws);
            }
        }

        _ = JwsVerifier.VerifyJson(text, HolderKey.VerificationKey);

        var jwk = Jwk.Parse(data);
        if (jwk.Succeeded)
        {
            _ = jwk.Value.ComputeThumbprint();
            _ = jwk.Value.ToJson();
            _ = jwk.Value.ToPublic();
            if (VerificationKey.TryImport(jwk.Value, out var key))
            {
                _ = key.Verify(data, data.AsSpan(0, Math.Min(data.Length, 64)));
                _ = key.ToJwk().ComputeThumbprintUri();
            }

            var signing = SigningKey.Import(jwk.Value);
            signing.Value?.Dispose();
        }

        _ = Base64Url.TryDecode(text, out _);
        if (Multibase.TryDecode(text, 4096, out _, out var decoded))
        {
            _ = Multicodec.TryReadVarint(decoded, out _, out _);
        }

        if (Multikey.TryDecode(text, out var multikey))
        {
            _ = multikey.ToJwk().ToJson();
        }

        _ = Multicodec.TryReadVarint(data, out _, out _);
        Span<byte> p1363 = stackalloc byte[64];
        _ = EcdsaDer.TryDecode(data, p1363);
    }

    /// <summary>DID, DID URL (absolute and relative), DID documents, did:key/did:jwk/did:pkh resolution, CAIP-10 accounts, did:ethr ids.</summary>
    private static void DidFamily(byte[] data)
    {
        string text = Text(data);
        var did = Did.Parse(text);
        if (did.Succeeded)
        {
            _ = did.Value.ToString();
            var resolved = Resolver.ResolveAsync(text).AsTask().GetAwaiter().GetResult();
            _ = resolved.DidDocument?.VerificationMethod?.Count;
            _ = EthrDid.Parse(did.Value.MethodSpecificId);
        }

        var url = DidUrl.Parse(text);
        if (url.Succeeded)
        {
            _ = url.Value.ToString();
        }

        var relative = DidUrl.Parse(text, BaseDid);
        if (relative.Succeeded)
        {
            _ = relative.Value.ToString();
        }

        _ = BlockchainAccountId.Parse(text);
        _ = EthrDid.Parse(text);
        _ = DidDateTime.TryParse(text, out _);

        var document = DidDocumentSerializer.Parse(data, null);
        if (document.Succeeded)
        {
            var doc = document.Value;
            foreach (var method in doc.VerificationMethod ?? [])
            {
                _ = doc.FindVerificationMethod(method.Id);
                _ = doc.FindVerificationMethod(method.Id, VerificationRelationship.Authentication);
                if (method.PublicKeyMultibase is { } multibase)
                {
                    _ = Multikey.TryDecode(multibase, out _);
                }

                if (method.PublicKeyJwk is { } jwk)
                {
                    _ = Jwk.Parse(Encoding.UTF8.GetBytes(jwk.GetRawText()));
                }

                // Key material of every method type (JWK, Multikey, multibase, hex, base58,
                // blockchainAccountId): extracted and used to verify a fixed JWS.
                _ = EthereumVerificationMethods.Handlers.Verify(FixedJws, method, MethodContext);
                _ = EthereumVerificationMethods.Handlers.IsSignedBy(method, IssuerKey.VerificationKey, MethodContext);
            }

            // What was accepted must serialize, and read back.
            string written = JsonSerializer.Serialize(doc, CoreJsonContext.Default.DidDocument);
            _ = DidDocumentSerializer.Parse(written, Did.TryParse(doc.Id, out var id) ? id : null);
        }
    }

    /// <summary>
    /// SD-JWT presentations, disclosures and KB-JWTs. The input is first verified as it is (parsing,
    /// signature refusal), then used as a template that the harness signs, so that the fuzzer reaches the
    /// payload, disclosure and key-binding checks behind the signatures:
    /// line 1 the issuer JWT payload, the middle lines disclosures as JSON (base64url-encoded here), the
    /// last line the KB-JWT payload. In the payload <c>@cnf</c> becomes the holder's JWK,
    /// <c>@d0</c>…<c>@d9</c> the digests of the disclosures (also in a disclosure, for later ones) and
    /// <c>@iss</c> a did:jwk issuer whose key the verifier resolves from the header's kid; in the KB-JWT
    /// <c>@sd_hash</c> becomes the presentation's hash.
    /// </summary>
    private static void SdJwtFamily(byte[] data)
    {
        string text = Text(data);
        var token = SdJwtToken.Parse(text);
        if (token.Succeeded)
        {
            _ = token.Value.ToCompact();
            foreach (var disclosure in token.Value.Disclosures)
            {
                _ = SdJwtDisclosure.Parse(disclosure.Encoded);
                _ = disclosure.ComputeDigest(SdJwtHashAlgorithm.Sha256);
            }
        }

        _ = SdJwtDisclosure.Parse(text);
        _ = SdJwtClaimPath.Parse(text);
        _ = SdJwtVerifier.VerifyAsync(text, KeyBound).AsTask().GetAwaiter().GetResult();

        string[] lines = text.Split('\n');
        // Disclosures from the last to the first, so that one may name a later one's digest (@dN, N > i).
        int count = Math.Max(0, lines.Length - 2);
        var encoded = new string[count];
        for (int i = count - 1; i >= 0; i--)
        {
            string line = lines[i + 1];
            for (int n = i + 1; n < Math.Min(count, 10); n++)
            {
                line = line.Replace("@d" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), Digest(encoded[n]), StringComparison.Ordinal);
            }

            encoded[i] = Base64Url.Encode(Encoding.UTF8.GetBytes(line));
        }

        var disclosures = new List<string>(encoded);

        string payload = lines[0].Replace("@cnf", HolderJwkJson, StringComparison.Ordinal);
        for (int i = 0; i < 10; i++)
        {
            string digest = i < disclosures.Count ? Digest(disclosures[i]) : "";
            payload = payload.Replace("@d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), digest, StringComparison.Ordinal);
        }

        string issuerJwt = Jws.Sign(new JsonObject { ["typ"] = SdJwtVc.MediaType }, Encoding.UTF8.GetBytes(payload), IssuerKey);
        string presentation = issuerJwt + "~" + string.Concat(disclosures.Select(d => d + "~"));
        if (lines.Length > 1)
        {
            string kb = lines[^1].Replace("@sd_hash", Digest(presentation), StringComparison.Ordinal);
            presentation += Jws.Sign(new JsonObject { ["typ"] = SdJwtVc.KeyBindingType }, Encoding.UTF8.GetBytes(kb), HolderKey);
        }

        var result = SdJwtVerifier.VerifyAsync(presentation, KeyBound).AsTask().GetAwaiter().GetResult();
        Trace("sdjwt signed", result.Error);
        _ = result.Claims?.ToJsonString();
        _ = SdJwtVerifier.VerifyAsync(presentation, SdJwtVerificationRequest.WithoutKeyBinding).AsTask().GetAwaiter().GetResult();

        // The same claims issued by did:jwk (payload "@iss"), the key found by resolving the header's kid.
        if (payload.Contains("@iss", StringComparison.Ordinal))
        {
            string resolvedJwt = Jws.Sign(new JsonObject { ["typ"] = SdJwtVc.MediaType, ["kid"] = IssuerDid + "#0" }, Encoding.UTF8.GetBytes(payload.Replace("@iss", IssuerDid, StringComparison.Ordinal)), IssuerKey);
            string resolvedPresentation = resolvedJwt + presentation[issuerJwt.Length..];
            if (lines.Length > 1)
            {
                string withoutKb = resolvedJwt + "~" + string.Concat(disclosures.Select(d => d + "~"));
                string kb = lines[^1].Replace("@sd_hash", Digest(withoutKb), StringComparison.Ordinal);
                resolvedPresentation = withoutKb + Jws.Sign(new JsonObject { ["typ"] = SdJwtVc.KeyBindingType }, Encoding.UTF8.GetBytes(kb), HolderKey);
            }

            var resolved = ResolvingVerifier.VerifyAsync(resolvedPresentation, KeyBound).AsTask().GetAwaiter().GetResult();
            Trace("sdjwt resolved", resolved.Error);
        }
    }

    private static string Digest(string ascii) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(ascii)));

    /// <summary>
    /// Status list tokens: the input as a compact token, then as the payload of a token the harness signs
    /// (typ statuslist+jwt), then as a credential's <c>status</c> claim and as a <c>lst</c> value.
    /// </summary>
    private static void StatusListToken(byte[] data)
    {
        string text = Text(data);
        _ = StatusValidator.Validate(text, StatusUri, IssuerKey.VerificationKey);

        string signed = Jws.Sign(new JsonObject { ["typ"] = global::Did.Sdk.SdJwt.StatusList.StatusListToken.JwtType }, data, IssuerKey);
        var token = StatusValidator.Validate(signed, StatusUri, IssuerKey.VerificationKey);
        Trace("statuslist signed", token.Error);
        if (token.Succeeded)
        {
            var list = token.Value.StatusList;
            _ = list.TryGet(0, out _);
            _ = list.TryGet(list.Count - 1, out _);
            _ = list.TryGet(list.Count, out _);
        }

        var json = StrictJson.ParseDocument(data);
        if (json.Succeeded)
        {
            using var doc = json.Value;
            _ = StatusReference.Parse(doc.RootElement);
        }

        foreach (int bits in new[] { 1, 2, 4, 8 })
        {
            _ = global::Did.Sdk.SdJwt.StatusList.StatusList.FromLst(bits, text, 1 << 20);
        }

        _ = global::Did.Sdk.SdJwt.StatusList.StatusList.Decompress(data.Length > 0 ? 1 << (data[0] & 3) : 1, data, 1 << 20);
    }

    /// <summary>RLP items and signed transactions (legacy, EIP-155, EIP-1559) with sender recovery.</summary>
    private static void Rlp(byte[] data)
    {
        var item = RlpCodec.Decode(data);
        if (item.Succeeded)
        {
            Walk(item.Value, 0);
        }

        var tx = SignedTransaction.Decode(data);
        if (tx.Succeeded)
        {
            _ = tx.Value.HashHex;
            _ = tx.Value.Sender.ToString();
        }

        static void Walk(RlpItem item, int depth)
        {
            if (!item.IsList)
            {
                _ = item.TryGetUInt64(out _);
                _ = item.TryGetInteger(32, out _);
                return;
            }

            foreach (var child in item.Items)
            {
                Walk(child, depth + 1);
            }
        }
    }

    private static readonly AbiType[][] AbiSignatures =
    [
        Types("uint256,address,bool,bytes32"),
        Types("bytes,string"),
        Types("address[],uint8"),
        Types("bytes[]"),
        Types("string[][],int64"),
        Types("bytes4,int256,uint48"),
        Types("uint256[],bytes,string[]"),
        Types("bool[][][]"),
    ];

    private static AbiType[] Types(string list) => [.. list.Split(',').Select(t => AbiType.Parse(t).ThrowIfFailed())];

    /// <summary>
    /// ABI: the first line of the input is a type (AbiType.Parse); when it parses, the rest is decoded as
    /// that type; and the whole input is decoded against a fixed set of signatures chosen by its first byte.
    /// </summary>
    private static void Abi(byte[] data)
    {
        int newline = Array.IndexOf(data, (byte)'\n');
        if (newline >= 0)
        {
            var type = AbiType.Parse(Encoding.UTF8.GetString(data, 0, newline));
            if (type.Succeeded)
            {
                _ = type.Value.ToString();
                _ = AbiCodec.DecodeSingle(type.Value, data.AsSpan(newline + 1));
            }
        }

        if (data.Length > 0)
        {
            _ = AbiCodec.Decode(AbiSignatures[data[0] % AbiSignatures.Length], data.AsSpan(1));
        }

        var erc1056 = AbiEvent.Parse("DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)");
        var topics = new List<byte[]> { data.Length >= 32 ? data[..32] : new byte[32], new byte[32] };
        _ = erc1056.TryDecode(topics, data, out _);
    }

    /// <summary>EIP-712 typed-data JSON: parse, then every hash and the recovery of a fixed signature.</summary>
    private static void Eip712(byte[] data)
    {
        var typed = Eip712TypedData.Parse(data);
        Trace("eip712", typed.Error);
        if (!typed.Succeeded)
        {
            return;
        }

        var value = typed.Value;
        _ = value.Hash.Length;
        _ = value.DomainSeparator.Length;
        _ = value.MessageHash.Length;
        foreach (var name in value.Types.Keys)
        {
            _ = value.EncodeType(name);
            _ = value.TypeHash(name);
        }

        _ = value.HashStruct(value.PrimaryType, value.Message);
        _ = EthereumSigner.RecoverTypedData(value, FixedSignature);
    }

    private static readonly byte[] FixedSignature = [.. Enumerable.Range(1, 64).Select(i => (byte)i), 27];

    /// <summary>
    /// JSON-RPC responses: the input is the HTTP body answering every request of a fresh HttpEthereumRpc
    /// (ids start at 1): one call, one batch of three, and EthereumClient's typed reads over it.
    /// </summary>
    private static void JsonRpc(byte[] data)
    {
        var options = new HttpEthereumRpcOptions { Endpoint = new Uri("http://rpc.invalid/"), MaxRetries = 0 };
        using var client = new HttpClient(new Answer(data));
        var rpc = new HttpEthereumRpc(client, options);
        Trace("jsonrpc", rpc.SendAsync("eth_blockNumber", []).AsTask().GetAwaiter().GetResult().Error);

        rpc = new HttpEthereumRpc(client, options);
        _ = rpc.SendBatchAsync([new RpcRequest("eth_chainId", []), new RpcRequest("eth_blockNumber", []), new RpcRequest("eth_getCode", ["0x0000000000000000000000000000000000000000", "latest"])])
            .AsTask().GetAwaiter().GetResult();

        var address = EthereumAddress.Parse("0x00000000000000000000000000000000000000aa").ThrowIfFailed();
        foreach (var call in ClientCalls)
        {
            var eth = new EthereumClient(new HttpEthereumRpc(client, options));
            call(eth, address);
        }
    }

    private static readonly Action<EthereumClient, EthereumAddress>[] ClientCalls =
    [
        (eth, _) => eth.GetBlockAsync(BlockTag.Latest).AsTask().GetAwaiter().GetResult(),
        (eth, _) => eth.GetBlockNumberAsync().AsTask().GetAwaiter().GetResult(),
        (eth, _) => eth.GetChainIdAsync().AsTask().GetAwaiter().GetResult(),
        (eth, a) => eth.GetCodeAsync(a, BlockTag.Latest).AsTask().GetAwaiter().GetResult(),
        (eth, a) => eth.CallAsync(a, new byte[4], BlockTag.Latest).AsTask().GetAwaiter().GetResult(),
        (eth, a) => eth.GetTransactionCountAsync(a, BlockTag.Latest).AsTask().GetAwaiter().GetResult(),
        (eth, _) => eth.GetTransactionReceiptAsync("0x" + new string('1', 64)).AsTask().GetAwaiter().GetResult(),
        (eth, a) => eth.GetLogsAsync(new LogFilter(1, 2, a)).AsTask().GetAwaiter().GetResult(),
    ];

    /// <summary>Answers every HTTP request with the fuzz input as a 200 application/json body.</summary>
    private sealed class Answer(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
            response.Content.Headers.ContentType = new("application/json");
            return Task.FromResult(response);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
