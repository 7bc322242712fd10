using System.Security.Cryptography;
using Did.Sdk.Ethereum;

namespace Did.Sdk.Examples.ConsoleIssuer;

/// <summary>
/// Wallet keys of the example: a file holding one 0x-hex secp256k1 private key, or <c>dev:N</c> for the
/// devnet's (and hardhat's and anvil's) public test account N. Example keys only: a real issuer keeps its
/// key in a KMS or an HSM.
/// </summary>
internal static class KeyFiles
{
    // The standard test mnemonic's keys (m/44'/60'/0'/0/i), public knowledge, as the devnet funds them.
    private static readonly string[] DevKeys =
    [
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>Reads a key (<c>dev:N</c> or a file).</summary>
    public static EthereumPrivateKey Read(string source, string option)
    {
        string hex;
        if (source.StartsWith("dev:", StringComparison.Ordinal))
        {
            hex = int.TryParse(source.AsSpan(4), out var index) && index is >= 0 and < 10
                ? DevKeys[index]
                : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option} '{source}': dev accounts are dev:0 to dev:9.");
        }
        else
        {
            try
            {
                hex = File.ReadAllText(source).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option}: {source} cannot be read: {ex.Message}", ex);
            }
        }

        if (hex.StartsWith("0x", StringComparison.Ordinal))
        {
            hex = hex[2..];
        }

        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option}: {source} does not hold a 32-byte hex private key.");
        }

        var imported = EthereumPrivateKey.Import(Convert.FromHexString(hex));
        return imported.Succeeded ? imported.Value : throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"{option}: {source} is not a valid secp256k1 key.");
    }

    /// <summary>Writes a new random key to <paramref name="path"/> (owner-only where the platform allows) and returns it.</summary>
    public static EthereumPrivateKey CreateFile(string path)
    {
        while (true)
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            var imported = EthereumPrivateKey.Import(secret);
            if (!imported.Succeeded)
            {
                continue; // zero or not below the curve order: astronomically rare
            }

            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var writer = new StreamWriter(new FileStream(path, options));
                writer.WriteLine(Hex.Encode(secret));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                imported.Value.Dispose();
                throw new IssuerException(IssuerErrorCodes.InvalidArgument, $"--out: {path} cannot be created (it must not exist yet): {ex.Message}", ex);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            return imported.Value;
        }
    }
}
