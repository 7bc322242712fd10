namespace Did.Sdk.Jose.Tests.Regressions;

/// <summary>
/// Regression: Sign checked for disposal and then used the key, so a concurrent Dispose could erase the
/// scalar mid-signature (a signature under a zeroed or half-zeroed key, or a crash in the backend).
/// </summary>
public class SignDisposeRaceTests
{
    public static TheoryData<string> Algorithms => new() { "EdDSA", "ES256", "ES256K" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Sign_RacingDispose_EitherVerifiesOrThrowsObjectDisposed(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        for (int round = 0; round < 20; round++)
        {
            var key = SigningKey.Generate(algorithm!);
            var publicKey = key.VerificationKey;
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<bool>();
            var signers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 25; i++)
                {
                    try
                    {
                        outcomes.Add(publicKey.Verify("data"u8, key.Sign("data"u8)));
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToArray();
            Thread.Yield();
            key.Dispose();
            await Task.WhenAll(signers);

            Assert.All(outcomes, Assert.True);
            Assert.Throws<ObjectDisposedException>(() => key.Sign("data"u8));
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_ManyThreads_AllSignaturesVerify(string name)
    {
        JwsAlgorithm.TryGetByName(name, out var algorithm);
        using var key = SigningKey.Generate(algorithm!);
        var results = new bool[200];
        Parallel.For(0, results.Length, i => results[i] = key.VerificationKey.Verify(BitConverter.GetBytes(i), key.Sign(BitConverter.GetBytes(i))));
        Assert.All(results, Assert.True);
    }
}
