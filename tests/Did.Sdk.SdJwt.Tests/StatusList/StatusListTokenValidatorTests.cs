using System.Text;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public sealed class StatusListTokenValidatorTests : IDisposable
{
    private readonly StatusListFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusListTokenValidator(new StatusListValidationOptions { ClockSkew = TimeSpan.FromHours(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusListTokenValidator(new StatusListValidationOptions { MaxAge = TimeSpan.Zero }));
    }

    [Fact]
    public void Validate_LongerThanJwsBound_ReturnsStatusListTooLarge()
    {
        var validator = new StatusListTokenValidator(new StatusListValidationOptions { Jws = new JwsVerificationOptions { MaxLength = 100 } }, _f.Time);
        var result = validator.Validate(_f.SignToken(), StatusListFixture.ListUri, _f.Key.VerificationKey);
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListTooLarge, result.Error.Code);
    }

    [Fact]
    public void Validate_PayloadNotJson_ReturnsInvalidStatusListToken()
    {
        string token = Jws.Sign(Encoding.UTF8.GetBytes("[1,2"), _f.Key, StatusListToken.JwtType);
        var result = new StatusListTokenValidator(timeProvider: _f.Time).Validate(token, StatusListFixture.ListUri, _f.Key.VerificationKey);
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.InvalidStatusListToken, result.Error.Code);
    }

    [Fact]
    public void Validate_ArbitraryText_NeverThrows()
    {
        var validator = new StatusListTokenValidator(timeProvider: _f.Time);
        Gen.String.Sample(s =>
        {
            var result = validator.Validate(s, StatusListFixture.ListUri, _f.Key.VerificationKey);
            Assert.False(result.Succeeded);
        }, iter: 300);
    }

    [Fact]
    public void Validate_ArbitrarySignedPayload_NeverThrows()
    {
        var validator = new StatusListTokenValidator(timeProvider: _f.Time);
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            string token = Jws.Sign(bytes, _f.Key, StatusListToken.JwtType);
            Assert.False(validator.Validate(token, StatusListFixture.ListUri, _f.Key.VerificationKey).Succeeded);
        }, iter: 200);
    }

    [Fact]
    public void Sign_ThenValidate_RoundTripsClaims()
    {
        var now = _f.Time.GetUtcNow();
        string token = StatusListToken.Sign(
            new StatusListTokenRequest
            {
                Subject = StatusListFixture.ListUri,
                StatusList = StatusListFixture.SampleList(),
                IssuedAt = now,
                ExpiresAt = now.AddHours(1),
                TimeToLive = TimeSpan.FromMinutes(10),
                Issuer = "https://issuer.example",
                KeyId = "k",
                AggregationUri = "https://issuer.example/statuslists",
            },
            _f.Key);
        var decoded = Jws.Decode(token);
        Assert.True(decoded.Succeeded);
        Assert.Equal(StatusListToken.JwtType, decoded.Value.Type);

        var result = new StatusListTokenValidator(timeProvider: _f.Time).Validate(token, StatusListFixture.ListUri, _f.Key.VerificationKey);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("https://issuer.example", result.Value.Issuer);
        Assert.Equal("https://issuer.example/statuslists", result.Value.AggregationUri);
        Assert.Equal(TimeSpan.FromMinutes(10), result.Value.TimeToLive);
        Assert.Equal(now.AddHours(1).ToUnixTimeSeconds(), result.Value.ExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(StatusListFixture.SampleList().Bytes.ToArray(), result.Value.StatusList.Bytes.ToArray());
    }

    [Fact]
    public void Sign_ExpiresBeforeIssued_Throws()
    {
        var now = _f.Time.GetUtcNow();
        Assert.Throws<ArgumentException>(() => StatusListToken.Sign(new StatusListTokenRequest { Subject = StatusListFixture.ListUri, StatusList = StatusListFixture.SampleList(), IssuedAt = now, ExpiresAt = now }, _f.Key));
    }
}
