namespace Did.Sdk.ConsoleIssuer.Tests;

/// <summary>A directory for one test's database, certificate, keys and credentials; deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("did-sdk-console-issuer-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server a failed test left running may still hold a file; the OS cleans temp later.
        }
    }
}
