using Did.Sdk.Examples.ConsoleIssuer;
using Spectre.Console;

return await IssuerApp.RunAsync(args, AnsiConsole.Console);
