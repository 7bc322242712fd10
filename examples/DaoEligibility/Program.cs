// The DAO eligibility example: a console DAO tool on the embedded rollup devnet.
//   dotnet run --project examples/DaoEligibility                       (writes to ./dao-eligibility-out)
//   dotnet run --project examples/DaoEligibility -- --out DIR --store "Host=127.0.0.1;Port=5432;Database=dao;Username=dao"
using System.Globalization;
using Did.Sdk.Examples.DaoEligibility;
using Spectre.Console;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Did.Sdk DAO eligibility example (on the embedded rollup devnet)
          --out DIR        where the proposal, receipts and signed snapshot list go (default ./dao-eligibility-out)
          --store STORE    the eligibility store: a SQLite file, or a PostgreSQL connection string
                           (Host=…;Database=…, or postgres://user@host/db); default DIR/dao-votes.db
          --holders N      other token holders in the snapshot list (default 50)
        Exit 0 when every step came out as it should.
        """);
    return 0;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var options = new DaoDemoOptions
{
    OutputDirectory = Path.GetFullPath(Arg("--out") ?? "dao-eligibility-out"),
    Store = Arg("--store"),
    OtherHolders = Arg("--holders") is { } n && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var holders) && holders <= 10_000 ? holders : 50,
};
return await DaoDemo.RunAsync(options, AnsiConsole.Console);
