// Claims votes against an eligibility store from its own process, so that tests can race processes, not
// only threads, and kill one mid-claim. One JSON line per result on stdout, flushed as it is written:
//   --store <SQLite file | PostgreSQL connection string or URI>  --mode <same-identity|shared-wallet|stream>
//   --proposal <id>  --tag <0..65535, distinct per process>  [--count <claims, default 50>]
// It prints {"ready":true} once the store answers; same-identity and shared-wallet then wait for a line on
// stdin (so that racing processes start together) and fire all claims at once:
//   same-identity  all claims with one nullifier, each with its own wallet: one may win, the rest alreadyVoted
//   shared-wallet  distinct nullifiers, each with one shared wallet and a private one: one may win
//   stream         distinct claims (three wallets each) by 4 workers until killed; a line after each acknowledgement
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Did.Sdk;
using Did.Sdk.Dao;
using Did.Sdk.Dao.PostgreSql;
using Did.Sdk.Ethereum;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

string store = options["--store"];
string mode = options["--mode"];
string proposal = options["--proposal"];
int tag = int.Parse(options["--tag"], CultureInfo.InvariantCulture);
int count = options.TryGetValue("--count", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 50;
var output = new object();

var eligibility = EligibilityStoreFactory.Open(store);
try
{
    var warm = await eligibility.FindAsync(proposal, "warm-up");
    if (warm is { Succeeded: false })
    {
        Print(new Dictionary<string, object> { ["error"] = warm.Error.Code, ["message"] = warm.Error.Message });
        return 2;
    }

    Print(new Dictionary<string, object> { ["ready"] = true });
    switch (mode)
    {
        case "same-identity":
        case "shared-wallet":
            _ = Console.ReadLine();
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
            {
                var claim = mode == "same-identity"
                    ? Claim("same-identity", Wallet(tag, 1, i, 0))
                    : Claim($"shared-wallet-{tag}-{i}", Wallet(0, 0, 0, 1), Wallet(tag, 2, i, 0));
                var result = await eligibility.ClaimAsync(claim);
                Print(new Dictionary<string, object> { ["i"] = i, ["nullifier"] = claim.Nullifier, ["result"] = result.Succeeded ? "won" : result.Error.Code });
            })));
            return 0;
        case "stream":
            long next = -1;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    long k = Interlocked.Increment(ref next);
                    var claim = Claim($"stream-{tag}-{k}", Wallet(tag, 3, k, 0), Wallet(tag, 3, k, 1), Wallet(tag, 3, k, 2));
                    var result = await eligibility.ClaimAsync(claim);
                    Print(new Dictionary<string, object>
                    {
                        ["i"] = k,
                        ["nullifier"] = claim.Nullifier,
                        ["wallets"] = claim.Wallets.Select(w => w.ToLowerCaseString()).ToArray(),
                        ["power"] = claim.Power.ToString(CultureInfo.InvariantCulture),
                        ["result"] = result.Succeeded ? "won" : result.Error.Code,
                    });
                }
            })));
            return 0;
        default:
            Console.Error.WriteLine("unknown --mode " + mode);
            return 2;
    }
}
finally
{
    if (eligibility is IAsyncDisposable disposable)
    {
        await disposable.DisposeAsync();
    }
}

EligibilityClaim Claim(string nullifier, params EthereumAddress[] wallets) => new()
{
    ProposalId = proposal,
    Nullifier = nullifier,
    Wallets = wallets,
    Power = new BigInteger(wallets.Length) * 1_000_000_000_000_000_000,
    Receipt = "receipt-" + nullifier,
};

// 20 bytes: process tag (2), kind (2), claim index (8), wallet index (8).
static EthereumAddress Wallet(int tag, int kind, long index, long wallet) =>
    EthereumAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"0x{tag:x4}{kind:x4}{index:x16}{wallet:x16}")).ThrowIfFailed();

void Print(Dictionary<string, object> line)
{
    string json = JsonSerializer.Serialize(line);
    lock (output)
    {
        Console.Out.Write(json + "\n");
        Console.Out.Flush();
    }
}
