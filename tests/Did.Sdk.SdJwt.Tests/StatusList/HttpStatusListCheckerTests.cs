using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt.StatusList;
using StatusListType = Did.Sdk.SdJwt.StatusList.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public sealed class HttpStatusListCheckerTests : IDisposable
{
    private readonly StatusListFixture _f = new();

    public void Dispose() => _f.Dispose();

    // ---- failures first -------------------------------------------------------------------

    [Fact]
    public async Task CheckAsync_MalformedStatusClaim_ReturnsInvalidStatusReference()
    {
        using var doc = JsonDocument.Parse("{\"status_list\":{\"idx\":\"x\",\"uri\":\"https://a.example/1\"}}");
        var result = await _f.CreateChecker().CheckAsync(doc.RootElement);
        AssertFails(result, StatusListErrorCodes.InvalidStatusReference);
        Assert.Equal(0, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_HttpUri_ReturnsInvalidStatusReferenceWithoutFetching()
    {
        var result = await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0, "http://issuer.example/statuslists/1"));
        AssertFails(result, StatusListErrorCodes.InvalidStatusReference);
        Assert.Equal(0, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_Unreachable_ReturnsStatusListUnreachable()
    {
        _f.Handler.Respond = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListUnreachable);
    }

    [Fact]
    public async Task CheckAsync_ServerNeverAnswers_ReturnsUnreachableAtDeadline()
    {
        _f.Handler.RespondAsync = async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        };
        var pending = _f.CreateChecker(new HttpStatusListCheckerOptions { Timeout = TimeSpan.FromSeconds(5) }).CheckAsync(StatusListFixture.StatusClaim(0)).AsTask();
        _f.Time.Advance(TimeSpan.FromSeconds(6));
        AssertFails(await pending, StatusListErrorCodes.StatusListUnreachable);
    }

    [Fact]
    public async Task CheckAsync_CallerCancels_Throws()
    {
        _f.Handler.RespondAsync = async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        };
        using var cts = new CancellationTokenSource();
        var pending = _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0), cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task CheckAsync_NotFound_ReturnsStatusListNotFound(HttpStatusCode code)
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(code);
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListNotFound);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.NoContent)]
    public async Task CheckAsync_OtherHttpStatus_ReturnsStatusListUnreachable(HttpStatusCode code)
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(code);
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListUnreachable);
    }

    [Fact]
    public async Task CheckAsync_WrongContentType_ReturnsStatusListUnreachable()
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(_f.SignToken(), Encoding.ASCII, "text/html") };
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListUnreachable);
    }

    [Fact]
    public async Task CheckAsync_OversizedWithContentLength_ReturnsStatusListTooLarge()
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[2048]) };
        var result = await _f.CreateChecker(new HttpStatusListCheckerOptions { MaxResponseBytes = 1024 }).CheckAsync(StatusListFixture.StatusClaim(0));
        AssertFails(result, StatusListErrorCodes.StatusListTooLarge);
    }

    [Fact]
    public async Task CheckAsync_OversizedStreamedWithoutLength_ReturnsStatusListTooLarge()
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StatusListFixture.UnknownLengthContent(10 * 1024 * 1024) };
        var result = await _f.CreateChecker(new HttpStatusListCheckerOptions { MaxResponseBytes = 64 * 1024 }).CheckAsync(StatusListFixture.StatusClaim(0));
        AssertFails(result, StatusListErrorCodes.StatusListTooLarge);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("JWT")]
    [InlineData("statuslist+cwt")]
    [InlineData("STATUSLIST+JWT")]
    public async Task CheckAsync_WrongTyp_ReturnsInvalidStatusListTokenType(string? typ)
    {
        _f.Serve(_f.SignRaw(_f.Claims(StatusListFixture.SampleList().ToLst()), typ));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListTokenType);
    }

    [Fact]
    public async Task CheckAsync_SignedByAnotherKey_ReturnsInvalidStatusListSignature()
    {
        using var other = SigningKey.Generate(JwsAlgorithm.ES256);
        _f.Serve(_f.SignToken(key: other));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListSignature);
    }

    [Fact]
    public async Task CheckAsync_TamperedPayload_ReturnsInvalidStatusListSignature()
    {
        string token = _f.SignToken();
        var parts = token.Split('.');
        var forged = _f.SignToken(StatusListType.Create(2, 16)).Split('.')[1];
        _f.Serve(parts[0] + "." + forged + "." + parts[2]);
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(1)), StatusListErrorCodes.InvalidStatusListSignature);
    }

    [Fact]
    public async Task CheckAsync_AlgorithmOfAnotherKeyType_ReturnsInvalidStatusListSignature()
    {
        using var ed = SigningKey.Generate(JwsAlgorithm.EdDSA);
        _f.Serve(_f.SignToken(key: ed));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListSignature);
    }

    [Theory]
    [InlineData("{\"alg\":\"none\",\"typ\":\"statuslist+jwt\"}")]
    [InlineData("{\"alg\":\"HS256\",\"typ\":\"statuslist+jwt\"}")]
    public async Task CheckAsync_AlgorithmOutsideAllowList_ReturnsInvalidStatusListSignature(string header)
    {
        string payload = Base64Url.Encode(Encoding.UTF8.GetBytes(_f.Claims(StatusListFixture.SampleList().ToLst()).ToJsonString()));
        _f.Serve(Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + payload + "." + Base64Url.Encode(new byte[32]));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListSignature);
    }

    [Fact]
    public async Task CheckAsync_KeyResolverFails_ReturnsStatusListKeyNotFound()
    {
        _f.Serve(_f.SignToken());
        var keys = StatusListKeyResolver.FromDelegate((_, _) => ValueTask.FromResult(Result<VerificationKey>.Failure("notFound", "no key")));
        AssertFails(await _f.CreateChecker(keys: keys).CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListKeyNotFound);
    }

    [Theory]
    [InlineData("not a jwt")]
    [InlineData("a.b")]
    [InlineData("")]
    public async Task CheckAsync_NotAJws_ReturnsInvalidStatusListToken(string body)
    {
        _f.Serve(body);
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListToken);
    }

    [Fact]
    public async Task CheckAsync_WrongSub_ReturnsStatusListSubjectMismatch()
    {
        _f.Serve(_f.SignToken(subject: "https://issuer.example/statuslists/2"));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListSubjectMismatch);
    }

    [Fact]
    public async Task CheckAsync_Expired_ReturnsStatusListExpired()
    {
        _f.Serve(_f.SignToken(validity: TimeSpan.FromMinutes(10)));
        _f.Time.Advance(TimeSpan.FromMinutes(20));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListExpired);
    }

    [Fact]
    public async Task CheckAsync_IssuedInTheFuture_ReturnsStatusListNotYetValid()
    {
        var claims = _f.Claims(StatusListFixture.SampleList().ToLst());
        claims["iat"] = _f.Time.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        _f.Serve(_f.SignRaw(claims));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListNotYetValid);
    }

    [Fact]
    public async Task CheckAsync_OlderThanMaxAge_ReturnsStatusListStale()
    {
        _f.Serve(_f.SignToken(validity: TimeSpan.FromDays(7)));
        _f.Time.Advance(TimeSpan.FromHours(2));
        var options = new HttpStatusListCheckerOptions { Validation = new StatusListValidationOptions { MaxAge = TimeSpan.FromHours(1) } };
        AssertFails(await _f.CreateChecker(options).CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListStale);
    }

    [Fact]
    public async Task CheckAsync_DecompressionBomb_ReturnsDecompressedTooLarge()
    {
        string bomb = Base64Url.Encode(StatusListTests.Zlib(new byte[32 * 1024 * 1024]));
        _f.Serve(_f.SignRaw(_f.Claims(bomb, bits: 1)));
        var options = new HttpStatusListCheckerOptions { Validation = new StatusListValidationOptions { MaxDecompressedBytes = 1024 * 1024 } };
        AssertFails(await _f.CreateChecker(options).CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListDecompressedTooLarge);
    }

    [Fact]
    public async Task CheckAsync_IndexOutOfRange_ReturnsStatusIndexOutOfRange()
    {
        _f.Serve(_f.SignToken(StatusListType.Create(1, 16)));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(16)), StatusListErrorCodes.StatusIndexOutOfRange);
    }

    [Theory]
    [InlineData("eNrbuRgAAhcBXQ==")]
    [InlineData("bm90IHpsaWI")]
    [InlineData("")]
    public async Task CheckAsync_MalformedLst_ReturnsInvalidStatusList(string lst)
    {
        _f.Serve(_f.SignRaw(_f.Claims(lst)));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusList);
    }

    [Fact]
    public async Task CheckAsync_InvalidBits_ReturnsInvalidStatusList()
    {
        _f.Serve(_f.SignRaw(_f.Claims(StatusListFixture.SampleList().ToLst(), bits: 3)));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusList);
    }

    public static TheoryData<string> MalformedClaims() => new()
    {
        "sub", "iat", "status_list",
    };

    [Theory]
    [MemberData(nameof(MalformedClaims))]
    public async Task CheckAsync_RequiredClaimMissing_ReturnsInvalidStatusListToken(string claim)
    {
        var claims = _f.Claims(StatusListFixture.SampleList().ToLst());
        claims.Remove(claim);
        _f.Serve(_f.SignRaw(claims));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListToken);
    }

    [Theory]
    [InlineData("ttl", "0")]
    [InlineData("ttl", "\"60\"")]
    [InlineData("exp", "\"soon\"")]
    [InlineData("iat", "-5")]
    [InlineData("sub", "42")]
    public async Task CheckAsync_MistypedClaim_ReturnsInvalidStatusListToken(string claim, string json)
    {
        var claims = _f.Claims(StatusListFixture.SampleList().ToLst());
        claims[claim] = JsonNode.Parse(json);
        _f.Serve(_f.SignRaw(claims));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListToken);
    }

    [Fact]
    public async Task CheckAsync_DuplicateClaimNames_ReturnsInvalidStatusListToken()
    {
        long now = _f.Time.GetUtcNow().ToUnixTimeSeconds();
        string json = $"{{\"sub\":\"{StatusListFixture.ListUri}\",\"sub\":\"{StatusListFixture.ListUri}\",\"iat\":{now},\"status_list\":{{\"bits\":2,\"lst\":\"{StatusListFixture.SampleList().ToLst()}\"}}}}";
        _f.Serve(Jws.Sign(new JsonObject { ["typ"] = StatusListToken.JwtType }, Encoding.UTF8.GetBytes(json), _f.Key));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListToken);
    }

    [Fact]
    public async Task CheckAsync_PayloadWithInvalidUtf8_ReturnsInvalidStatusListToken()
    {
        var json = Encoding.UTF8.GetBytes("{\"iss\":\"x\",\"sub\":\"" + StatusListFixture.ListUri + "\"}");
        json[8] = 0xFF; // the iss value
        _f.Serve(Jws.Sign(new JsonObject { ["typ"] = StatusListToken.JwtType }, json, _f.Key));
        AssertFails(await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.InvalidStatusListToken);
    }

    [Fact]
    public async Task CheckAsync_FailureIsNotCached_RetriesNextTime()
    {
        _f.Handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var checker = _f.CreateChecker();
        AssertFails(await checker.CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListUnreachable);
        _f.Serve(_f.SignToken());
        var result = await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        Assert.True(result.IsValid);
        Assert.Equal(2, _f.Handler.Requests);
    }

    // ---- statuses ---------------------------------------------------------------------------

    [Fact]
    public async Task CheckAsync_Revoked_ReturnsInvalidWithTokenRevokedError()
    {
        _f.Serve(_f.SignToken());
        var result = await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(1));
        Assert.True(result.Succeeded);
        Assert.Equal(TokenStatus.Invalid, result.Status);
        Assert.False(result.IsValid);
        Assert.Equal(StatusListErrorCodes.TokenRevoked, result.GetStatusError()!.Code);
    }

    [Fact]
    public async Task CheckAsync_Suspended_ReturnsSuspendedWithTokenSuspendedError()
    {
        _f.Serve(_f.SignToken());
        var result = await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(2));
        Assert.True(result.Succeeded);
        Assert.Equal(TokenStatus.Suspended, result.Status);
        Assert.Equal(StatusListErrorCodes.TokenSuspended, result.GetStatusError()!.Code);
    }

    [Fact]
    public async Task CheckAsync_ApplicationSpecificStatus_ReturnsRawValueAndNotValid()
    {
        _f.Serve(_f.SignToken());
        var result = await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(3));
        Assert.True(result.Succeeded);
        Assert.Equal((TokenStatus)3, result.Status);
        Assert.Equal(StatusListErrorCodes.TokenStatusNotValid, result.GetStatusError()!.Code);
    }

    [Fact]
    public async Task CheckAsync_Valid_ReturnsValidAndRecordsWhatWasChecked()
    {
        _f.Serve(_f.SignToken(ttl: TimeSpan.FromMinutes(5)));
        var result = await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(4));
        Assert.True(result.Succeeded);
        Assert.True(result.IsValid);
        Assert.Null(result.GetStatusError());
        Assert.Equal(StatusListFixture.ListUri, result.Checked.ListUri);
        Assert.Equal(4, result.Checked.Index);
        Assert.Equal(_f.Time.GetUtcNow().ToUnixTimeSeconds(), result.Checked.IssuedAt.ToUnixTimeSeconds());
        Assert.NotNull(result.Checked.ExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(5), result.Checked.TimeToLive);
        Assert.Equal("key-1", result.Checked.KeyId);
        Assert.Equal("ES256", result.Checked.Algorithm);
        Assert.Equal(2, result.Checked.Bits);
        Assert.False(result.Checked.FromCache);
    }

    [Fact]
    public async Task CheckAsync_Request_SendsStatusListAcceptHeader()
    {
        _f.Serve(_f.SignToken());
        await _f.CreateChecker().CheckAsync(StatusListFixture.StatusClaim(0));
        var request = _f.Handler.LastRequest!;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(StatusListFixture.ListUri, request.RequestUri!.OriginalString);
        Assert.Contains(request.Headers.Accept, a => a.MediaType == "application/statuslist+jwt");
    }

    [Fact]
    public async Task CheckAsync_HttpAllowedForTesting_Fetches()
    {
        const string uri = "http://127.0.0.1/statuslists/1";
        _f.Serve(_f.SignToken(subject: uri));
        var result = await _f.CreateChecker(new HttpStatusListCheckerOptions { AllowHttpForTesting = true }).CheckAsync(StatusListFixture.StatusClaim(0, uri));
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("EdDSA")]
    [InlineData("ES256")]
    [InlineData("ES256K")]
    public async Task CheckAsync_EveryAllowedAlgorithm_Verifies(string algorithm)
    {
        Assert.True(JwsAlgorithm.TryGetByName(algorithm, out var alg));
        using var key = SigningKey.Generate(alg);
        _f.Serve(_f.SignToken(key: key));
        var result = await _f.CreateChecker(keys: StatusListKeyResolver.FromKey(key.VerificationKey)).CheckAsync(StatusListFixture.StatusClaim(1));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(TokenStatus.Invalid, result.Status);
        Assert.Equal(algorithm, result.Checked.Algorithm);
    }

    [Fact]
    public async Task CheckAsync_KeyResolver_ReceivesUriKidAlgorithmAndIssuer()
    {
        StatusListKeyRequest? seen = null;
        var keys = StatusListKeyResolver.FromDelegate((request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(Result<VerificationKey>.Success(_f.Key.VerificationKey));
        });
        var now = _f.Time.GetUtcNow();
        _f.Serve(StatusListToken.Sign(new StatusListTokenRequest { Subject = StatusListFixture.ListUri, StatusList = StatusListFixture.SampleList(), IssuedAt = now, Issuer = "did:example:issuer", KeyId = "did:example:issuer#key-1" }, _f.Key));
        Assert.True((await _f.CreateChecker(keys: keys).CheckAsync(StatusListFixture.StatusClaim(0))).IsValid);
        Assert.Equal(new StatusListKeyRequest(StatusListFixture.ListUri, "did:example:issuer#key-1", "ES256", "did:example:issuer"), seen);
    }

    // ---- cache ------------------------------------------------------------------------------

    [Fact]
    public async Task CheckAsync_WithinTtl_UsesCacheAndRefetchesAfterTtl()
    {
        _f.Serve(_f.SignToken(ttl: TimeSpan.FromMinutes(10), validity: TimeSpan.FromDays(1)));
        var checker = _f.CreateChecker();
        Assert.False((await checker.CheckAsync(StatusListFixture.StatusClaim(0))).Checked!.FromCache);

        _f.Time.Advance(TimeSpan.FromMinutes(9));
        var cached = await checker.CheckAsync(StatusListFixture.StatusClaim(1));
        Assert.True(cached.Checked!.FromCache);
        Assert.Equal(TokenStatus.Invalid, cached.Status);
        Assert.Equal(1, _f.Handler.Requests);

        _f.Time.Advance(TimeSpan.FromMinutes(2));
        var list = StatusListFixture.SampleList();
        list.Set(0, TokenStatus.Suspended);
        _f.Serve(_f.SignToken(list, ttl: TimeSpan.FromMinutes(10)));
        var refreshed = await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        Assert.False(refreshed.Checked!.FromCache);
        Assert.Equal(TokenStatus.Suspended, refreshed.Status);
        Assert.Equal(2, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_TtlBeyondExp_CachedOnlyUntilExp()
    {
        _f.Serve(_f.SignToken(ttl: TimeSpan.FromHours(12), validity: TimeSpan.FromMinutes(30)));
        var checker = _f.CreateChecker();
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        _f.Time.Advance(TimeSpan.FromMinutes(31));
        _f.Handler.Respond = _ => throw new HttpRequestException("down");

        // The cached list has expired and the server is down: fail closed, never the stale answer.
        AssertFails(await checker.CheckAsync(StatusListFixture.StatusClaim(0)), StatusListErrorCodes.StatusListUnreachable);
        Assert.Equal(2, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_NoTtl_CachedForDefaultDuration()
    {
        _f.Serve(_f.SignToken());
        var checker = _f.CreateChecker(new HttpStatusListCheckerOptions { DefaultCacheDuration = TimeSpan.FromMinutes(1) });
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        Assert.Equal(1, _f.Handler.Requests);
        _f.Time.Advance(TimeSpan.FromMinutes(2));
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        Assert.Equal(2, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_MaxCacheDuration_CapsTtl()
    {
        _f.Serve(_f.SignToken(ttl: TimeSpan.FromDays(30), validity: TimeSpan.FromDays(60)));
        var checker = _f.CreateChecker(new HttpStatusListCheckerOptions { MaxCacheDuration = TimeSpan.FromHours(1) });
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        _f.Time.Advance(TimeSpan.FromHours(2));
        await checker.CheckAsync(StatusListFixture.StatusClaim(0));
        Assert.Equal(2, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_ManyLists_CacheStaysBounded()
    {
        _f.Handler.Respond = request => StatusListFixture.TokenResponse(_f.SignToken(subject: request.RequestUri!.OriginalString, ttl: TimeSpan.FromHours(1)));
        var checker = _f.CreateChecker(new HttpStatusListCheckerOptions { MaxCacheEntries = 3 });
        for (int i = 0; i < 10; i++)
        {
            Assert.True((await checker.CheckAsync(StatusListFixture.StatusClaim(0, $"https://issuer.example/statuslists/{i}"))).IsValid);
            Assert.True(checker.CachedListCount <= 3);
        }

        Assert.Equal(3, checker.CachedListCount);
    }

    [Fact]
    public async Task CheckAsync_ConcurrentChecksOfOneList_FetchOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string token = _f.SignToken(ttl: TimeSpan.FromMinutes(5));
        _f.Handler.RespondAsync = async (_, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return StatusListFixture.TokenResponse(token);
        };
        var checker = _f.CreateChecker();
        var pending = Enumerable.Range(0, 8).Select(i => checker.CheckAsync(StatusListFixture.StatusClaim(i)).AsTask()).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(pending);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(TokenStatus.Invalid, results[1].Status);
        Assert.Equal(1, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_OneCallerCancels_OtherStillGetsResult()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string token = _f.SignToken();
        _f.Handler.RespondAsync = async (_, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return StatusListFixture.TokenResponse(token);
        };
        var checker = _f.CreateChecker();
        using var cts = new CancellationTokenSource();
        var cancelled = checker.CheckAsync(StatusListFixture.StatusClaim(0), cts.Token).AsTask();
        var other = checker.CheckAsync(StatusListFixture.StatusClaim(1)).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();
        Assert.Equal(TokenStatus.Invalid, (await other).Status);
        Assert.Equal(1, _f.Handler.Requests);
    }

    [Fact]
    public async Task CheckAsync_KeyResolverThrows_Propagates()
    {
        _f.Serve(_f.SignToken());
        var keys = StatusListKeyResolver.FromDelegate((_, _) => throw new InvalidOperationException("resolver bug"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _f.CreateChecker(keys: keys).CheckAsync(StatusListFixture.StatusClaim(0)).AsTask());
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _f.CreateChecker(new HttpStatusListCheckerOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _f.CreateChecker(new HttpStatusListCheckerOptions { MaxResponseBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _f.CreateChecker(new HttpStatusListCheckerOptions { Validation = new StatusListValidationOptions { MaxDecompressedBytes = 0 } }));
    }

    private static void AssertFails(StatusCheckResult result, string code)
    {
        Assert.False(result.Succeeded, $"Expected {code}, got {result}");
        Assert.Equal(code, result.Error.Code);
        Assert.False(result.IsValid);
        Assert.Equal(code, result.GetStatusError()!.Code);
        Assert.Null(result.Status);
    }
}
