using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Did.Sdk.Ethereum;
using Did.Sdk.Ethereum.Rpc;
using Did.Sdk.Ethereum.Transactions;
using Did.Sdk.SocialToken;

namespace Did.Sdk.Cli;

/// <summary>
/// <c>did-sdk token deploy | mint | transfer | delegate | balance</c>: the social-token contracts of
/// contracts/ (CreatorCoin: ERC-20 + ERC20Votes, 18 decimals; ProfileNft: ERC-721, optionally soulbound),
/// deployed from the artifacts embedded in Did.Sdk.SocialToken and driven with keys from JWK files.
/// </summary>
internal static class TokenCommand
{
    private const string CreatorCoin = "creator-coin";
    private const string ProfileNft = "profile-nft";
    private const int CoinDecimals = 18;

    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Deploy and drive social tokens: a creator coin (ERC-20 + ERC20Votes) or a profile NFT (ERC-721). Amounts are whole coins (decimals allowed, 18 places).");
        command.Subcommands.Add(Deploy(context));
        command.Subcommands.Add(Mint(context));
        command.Subcommands.Add(Transfer(context));
        command.Subcommands.Add(Delegate(context));
        command.Subcommands.Add(Balance(context));
        return command;
    }

    private static Option<string> KindOption(bool required)
    {
        var kind = new Option<string>("--kind") { Description = "creator-coin (ERC-20 + ERC20Votes) or profile-nft (ERC-721).", Required = required };
        if (!required)
        {
            kind.DefaultValueFactory = _ => CreatorCoin;
        }

        kind.AcceptOnlyFromAmong(CreatorCoin, ProfileNft);
        return kind;
    }

    private static Option<string> KeyOption(string description) => new("--key") { Description = description, Required = true };

    private static Command Deploy(CliContext context)
    {
        var chain = new ChainArguments();
        var kind = KindOption(required: true);
        var key = KeyOption("The deployer's private secp256k1 JWK file; it pays the gas and, without --owner, owns the token.");
        var name = new Option<string>("--name") { Description = "The token's name.", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "The token's symbol.", Required = true };
        var owner = new Option<string?>("--owner") { Description = "The owner (the creator or brand, who mints); the deployer's address by default." };
        var supply = new Option<string?>("--supply") { Description = "creator-coin: the initial supply, minted to the owner (whole coins; default 0)." };
        var soulbound = new Option<bool>("--soulbound") { Description = "profile-nft: lock every token to its first holder (ERC-5192)." };
        var command = new Command("deploy", "Deploy a creator coin or a profile NFT. Prints { kind, contract, owner, transactionHash, blockNumber, … }.") { kind, key, name, symbol, owner, supply, soulbound };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var isCoin = parse.GetRequiredValue(kind) == CreatorCoin;
            var supplyText = parse.GetValue(supply);
            if (!isCoin && supplyText is not null)
            {
                throw new CliUsageException("--supply is for creator coins.");
            }

            if (isCoin && parse.GetValue(soulbound))
            {
                throw new CliUsageException("--soulbound is for profile NFTs.");
            }

            var initialSupply = supplyText is null ? BigInteger.Zero : ParseAmount(supplyText, "--supply");
            using var deployer = EthrCommand.ReadEthereumKey(parse.GetRequiredValue(key), "--key");
            var ownerAddress = parse.GetValue(owner) is { } text ? EthrCommand.ParseAddress(text, "--owner") : deployer.Address;
            var tokenName = parse.GetRequiredValue(name);
            var tokenSymbol = parse.GetRequiredValue(symbol);
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var (client, chainId) = connected.Value;
            var initCode = isCoin
                ? SocialTokenContracts.CreatorCoinInitCode(tokenName, tokenSymbol, ownerAddress, initialSupply)
                : SocialTokenContracts.ProfileNftInitCode(tokenName, tokenSymbol, ownerAddress, parse.GetValue(soulbound));
            var receipt = await Sender(context, client, deployer, chainId).DeployAsync(initCode, cancellationToken).ConfigureAwait(false);
            if (!receipt.Succeeded)
            {
                return await EthrCommand.FailAsync(context, receipt.Error).ConfigureAwait(false);
            }

            var output = new JsonObject
            {
                ["kind"] = parse.GetRequiredValue(kind),
                ["contract"] = receipt.Value.ContractAddress?.ToString(),
                ["name"] = tokenName,
                ["symbol"] = tokenSymbol,
                ["owner"] = ownerAddress.ToString(),
            };
            if (isCoin)
            {
                output["decimals"] = CoinDecimals;
                output["initialSupply"] = initialSupply.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                output["soulbound"] = parse.GetValue(soulbound);
            }

            return await WriteReceiptAsync(context, output, receipt.Value, deployer.Address, chainId).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Mint(CliContext context)
    {
        var chain = new ChainArguments();
        var kind = KindOption(required: false);
        var key = KeyOption("The token owner's private secp256k1 JWK file (only the owner mints).");
        var contract = new Option<string>("--contract") { Description = "The token contract.", Required = true };
        var to = new Option<string>("--to") { Description = "Who receives the minted coins or NFT.", Required = true };
        var amount = new Option<string?>("--amount") { Description = "creator-coin: how many coins (required); profile-nft: not allowed (one NFT, the next id)." };
        var command = new Command("mint", "Mint creator coins or the next profile NFT. Prints { operation, contract, to, amount | tokenId, transactionHash, blockNumber, … }.") { kind, key, contract, to, amount };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var isCoin = parse.GetValue(kind) != ProfileNft;
            var amountText = parse.GetValue(amount);
            if (isCoin == (amountText is null))
            {
                throw new CliUsageException(isCoin ? "--amount is required for a creator coin." : "--amount is for creator coins (a profile NFT mint makes one token).");
            }

            var contractAddress = EthrCommand.ParseAddress(parse.GetRequiredValue(contract), "--contract");
            var recipient = EthrCommand.ParseAddress(parse.GetRequiredValue(to), "--to");
            var value = amountText is null ? BigInteger.Zero : ParseAmount(amountText, "--amount");
            var output = new JsonObject { ["operation"] = "mint", ["contract"] = contractAddress.ToString(), ["to"] = recipient.ToString() };
            if (isCoin)
            {
                output["amount"] = value.ToString(CultureInfo.InvariantCulture);
            }

            var data = isCoin ? SocialTokenContracts.MintCoin(recipient, value) : SocialTokenContracts.MintNft(recipient);
            return await SendAsync(context, parse, chain, key, contractAddress, data, output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Transfer(CliContext context)
    {
        var chain = new ChainArguments();
        var key = KeyOption("The holder's private secp256k1 JWK file.");
        var contract = new Option<string>("--contract") { Description = "The token contract.", Required = true };
        var to = new Option<string>("--to") { Description = "The recipient.", Required = true };
        var amount = new Option<string?>("--amount") { Description = "ERC-20: how many coins." };
        var tokenId = new Option<string?>("--token-id") { Description = "ERC-721: the token id (transferFrom the key's address)." };
        var command = new Command("transfer", "Transfer coins (--amount) or an NFT (--token-id) from the key's address. Prints { operation, contract, from, to, amount | tokenId, transactionHash, blockNumber, … }.") { key, contract, to, amount, tokenId };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var amountText = parse.GetValue(amount);
            var idText = parse.GetValue(tokenId);
            if ((amountText is null) == (idText is null))
            {
                throw new CliUsageException("Give exactly one of --amount (ERC-20) and --token-id (ERC-721).");
            }

            var contractAddress = EthrCommand.ParseAddress(parse.GetRequiredValue(contract), "--contract");
            var recipient = EthrCommand.ParseAddress(parse.GetRequiredValue(to), "--to");
            var output = new JsonObject { ["operation"] = "transfer", ["contract"] = contractAddress.ToString(), ["to"] = recipient.ToString() };
            Func<EthereumAddress, byte[]> data;
            if (amountText is not null)
            {
                var value = ParseAmount(amountText, "--amount");
                output["amount"] = value.ToString(CultureInfo.InvariantCulture);
                data = _ => SocialTokenContracts.Transfer(recipient, value);
            }
            else
            {
                var id = ParseTokenId(idText!);
                output["tokenId"] = id.ToString(CultureInfo.InvariantCulture);
                data = from => SocialTokenContracts.TransferNft(from, recipient, id);
            }

            return await SendAsync(context, parse, chain, key, contractAddress, data, output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Delegate(CliContext context)
    {
        var chain = new ChainArguments();
        var key = KeyOption("The holder's private secp256k1 JWK file.");
        var contract = new Option<string>("--contract") { Description = "The creator coin (ERC20Votes).", Required = true };
        var to = new Option<string>("--to") { Description = "The delegatee: the key's own address to activate its own votes, or another account.", Required = true };
        var command = new Command("delegate", "Delegate the key's voting power in a creator coin (ERC20Votes delegate). Prints { operation, contract, from, to, transactionHash, blockNumber, … }.") { key, contract, to };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var contractAddress = EthrCommand.ParseAddress(parse.GetRequiredValue(contract), "--contract");
            var delegatee = EthrCommand.ParseAddress(parse.GetRequiredValue(to), "--to");
            var output = new JsonObject { ["operation"] = "delegate", ["contract"] = contractAddress.ToString(), ["to"] = delegatee.ToString() };
            return await SendAsync(context, parse, chain, key, contractAddress, SocialTokenContracts.Delegate(delegatee), output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Balance(CliContext context)
    {
        var chain = new ChainArguments();
        var contract = new Option<string>("--contract") { Description = "The token contract.", Required = true };
        var account = new Option<string>("--account") { Description = "The account read.", Required = true };
        var blockTag = CliOptions.BlockTag();
        blockTag.Description = "Read at the latest, safe or finalized block (default latest).";
        var command = new Command("balance", "Read an account's balance (and, for ERC20Votes, its votes and delegate) at one block, in one round trip. Prints { contract, account, balance, votes?, delegate?, blockNumber, blockHash, finality, … }.") { contract, account, blockTag };
        chain.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = chain.Url(parse);
            var contractAddress = EthrCommand.ParseAddress(parse.GetRequiredValue(contract), "--contract");
            var accountAddress = EthrCommand.ParseAddress(parse.GetRequiredValue(account), "--account");
            var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            if (!connected.Succeeded)
            {
                return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
            }

            var reader = new TokenEvidenceReader(connected.Value.Client);
            var queries = new[] { TokenQuery.BalanceOf(contractAddress, accountAddress), TokenQuery.Votes(contractAddress, accountAddress), TokenQuery.Delegates(contractAddress, accountAddress) };
            var evidence = await reader.ReadAsync(queries, EvidenceBlock.At(CliOptions.Finality(parse, blockTag) ?? Finality.Latest), cancellationToken).ConfigureAwait(false);
            if (!evidence.Succeeded)
            {
                return await EthrCommand.FailAsync(context, evidence.Error).ConfigureAwait(false);
            }

            var readings = evidence.Value.Readings;
            if (!readings[0].Succeeded)
            {
                return await EthrCommand.FailAsync(context, readings[0].Error!).ConfigureAwait(false);
            }

            var output = new JsonObject
            {
                ["contract"] = contractAddress.ToString(),
                ["account"] = accountAddress.ToString(),
                ["balance"] = readings[0].Amount!.Value.ToString(CultureInfo.InvariantCulture),
            };
            if (readings[1].Succeeded && readings[2].Succeeded)
            {
                output["votes"] = readings[1].Amount!.Value.ToString(CultureInfo.InvariantCulture);
                output["delegate"] = readings[2].Address!.Value.ToString();
            }

            output["chainId"] = evidence.Value.ChainId;
            output["blockNumber"] = evidence.Value.BlockNumber;
            output["blockHash"] = evidence.Value.BlockHash;
            output["finality"] = evidence.Value.Finality.ToString().ToLowerInvariant();
            await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static Task<int> SendAsync(CliContext context, ParseResult parse, ChainArguments chain, Option<string> key, EthereumAddress contract, byte[] data, JsonObject output, CancellationToken cancellationToken)
        => SendAsync(context, parse, chain, key, contract, _ => data, output, cancellationToken);

    private static async Task<int> SendAsync(CliContext context, ParseResult parse, ChainArguments chain, Option<string> key, EthereumAddress contract, Func<EthereumAddress, byte[]> data, JsonObject output, CancellationToken cancellationToken)
    {
        using var sender = EthrCommand.ReadEthereumKey(parse.GetRequiredValue(key), "--key");
        var connected = await chain.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
        if (!connected.Succeeded)
        {
            return await EthrCommand.FailAsync(context, connected.Error).ConfigureAwait(false);
        }

        var (client, chainId) = connected.Value;
        var receipt = await Sender(context, client, sender, chainId).SendAsync(contract, data(sender.Address), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded)
        {
            return await EthrCommand.FailAsync(context, receipt.Error).ConfigureAwait(false);
        }

        // The id a profile NFT mint gave: its Transfer(0, to, id) log.
        if (output["operation"]?.GetValue<string>() == "mint" && output["amount"] is null
            && receipt.Value.Logs.FirstOrDefault(l => l.Address == contract && l.Topics.Count == 4 && l.Topics[1].All(b => b == 0)) is { } minted)
        {
            output["tokenId"] = new BigInteger(minted.Topics[3], isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
        }

        return await WriteReceiptAsync(context, output, receipt.Value, sender.Address, chainId).ConfigureAwait(false);
    }

    private static EthereumTransactionSender Sender(CliContext context, EthereumClient client, EthereumPrivateKey key, ulong chainId)
        => new(client, key, chainId, new EthereumTransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(200) }, context.Time);

    private static async Task<int> WriteReceiptAsync(CliContext context, JsonObject output, TransactionReceipt receipt, EthereumAddress from, ulong chainId)
    {
        output["from"] = from.ToString();
        output["transactionHash"] = receipt.TransactionHash;
        output["blockNumber"] = receipt.BlockNumber;
        output["chainId"] = chainId;
        await context.Out.WriteLineAsync(output.ToJsonString(CliJson.Indented)).ConfigureAwait(false);
        return CliApp.Success;
    }

    /// <summary>Whole coins with up to 18 decimal places (<c>150</c>, <c>0.5</c>) in the coin's smallest unit.</summary>
    internal static BigInteger ParseAmount(string text, string option)
    {
        var parts = text.Split('.');
        if (parts.Length > 2 || parts[0].Length is 0 or > 60 || !parts[0].All(char.IsAsciiDigit)
            || (parts.Length == 2 && (parts[1].Length is 0 or > CoinDecimals || !parts[1].All(char.IsAsciiDigit))))
        {
            throw new CliUsageException($"{option} '{text}' is not an amount of coins (digits, optionally a point and up to {CoinDecimals} decimals).");
        }

        var fraction = parts.Length == 2 ? parts[1].PadRight(CoinDecimals, '0') : new string('0', CoinDecimals);
        var value = BigInteger.Parse(parts[0] + fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        return value.GetBitLength() <= 256 ? value : throw new CliUsageException($"{option} does not fit in a uint256.");
    }

    private static BigInteger ParseTokenId(string text)
        => text.Length is > 0 and <= 78 && text.All(char.IsAsciiDigit) && BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is var id && id.GetBitLength() <= 256
            ? id
            : throw new CliUsageException($"--token-id '{text}' is not a uint256 in decimal.");
}
