// Solidity contract ABI specification, "Events": topic0 = keccak256(signature) for non-anonymous events,
// indexed parameters in topics 1..3 (dynamic ones as the keccak256 of their encoding), the others ABI
// encoded as a tuple in the log data.
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Did.Sdk.Ethereum.Abi;

/// <summary>One parameter of an <see cref="AbiEvent"/>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">The parameter type.</param>
/// <param name="Indexed">True when the parameter is carried in a topic.</param>
public sealed record AbiEventParameter(string Name, AbiType Type, bool Indexed);

/// <summary>An event log decoded by <see cref="AbiEvent.TryDecode"/>.</summary>
/// <param name="Event">The event definition.</param>
/// <param name="Values">The values by parameter name (indexed dynamic values are their 32-byte topic hash).</param>
public sealed record DecodedEvent(AbiEvent Event, IReadOnlyDictionary<string, object> Values);

/// <summary>A non-anonymous event definition, for example <c>DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange)</c>.</summary>
public sealed class AbiEvent
{
    private AbiEvent(string name, IReadOnlyList<AbiEventParameter> parameters)
    {
        Name = name;
        Parameters = parameters;
        Signature = name + "(" + string.Join(",", parameters.Select(p => p.Type.Name)) + ")";
        Topic0 = Keccak256.Hash(Encoding.UTF8.GetBytes(Signature));
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<AbiEventParameter> Parameters { get; }

    /// <summary>The canonical signature, for example <c>DIDOwnerChanged(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>keccak256 of <see cref="Signature"/>, the first topic of every log of this event.</summary>
    public ReadOnlyMemory<byte> Topic0 { get; }

    /// <summary>Parses a human-readable declaration such as <c>Transfer(address indexed from, address indexed to, uint256 value)</c>.</summary>
    /// <exception cref="ArgumentException">The declaration is malformed, uses an unsupported type or has more than 3 indexed parameters.</exception>
    public static AbiEvent Parse(string declaration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(declaration);
        var text = declaration.Trim();
        if (text.StartsWith("event ", StringComparison.Ordinal))
        {
            text = text[6..].Trim();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || text[^1] != ')')
        {
            throw new ArgumentException("Expected Name(type [indexed] name, ...).", nameof(declaration));
        }

        var parameters = new List<AbiEventParameter>();
        var inner = text[(open + 1)..^1];
        var index = 0;
        foreach (var part in inner.Length == 0 ? [] : inner.Split(','))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0 || !AbiType.TryParse(words[0], out var type))
            {
                throw new ArgumentException($"Unsupported parameter '{part}'.", nameof(declaration));
            }

            var indexed = words.Length > 1 && words[1] == "indexed";
            var name = words.Length > (indexed ? 2 : 1) ? words[^1] : "arg" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(new AbiEventParameter(name, type, indexed));
            index++;
        }

        if (parameters.Count(p => p.Indexed) > 3)
        {
            throw new ArgumentException("An event has at most 3 indexed parameters.", nameof(declaration));
        }

        return new AbiEvent(text[..open], parameters);
    }

    /// <summary>
    /// Decodes a log of this event. False when topic0 differs, the topic count is wrong, or the data is
    /// not a valid encoding of the non-indexed parameters (strict decoding).
    /// </summary>
    public bool TryDecode(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data, [NotNullWhen(true)] out DecodedEvent? decoded)
    {
        ArgumentNullException.ThrowIfNull(topics);
        decoded = null;
        var indexed = Parameters.Where(p => p.Indexed).ToArray();
        if (topics.Count != indexed.Length + 1 || !topics[0].AsSpan().SequenceEqual(Topic0.Span))
        {
            return false;
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < indexed.Length; i++)
        {
            var topic = topics[i + 1];
            if (topic.Length != 32)
            {
                return false;
            }

            if (indexed[i].Type.IsDynamic)
            {
                values[indexed[i].Name] = topic;
                continue;
            }

            var value = AbiCodec.DecodeSingle(indexed[i].Type, topic);
            if (!value.Succeeded)
            {
                return false;
            }

            values[indexed[i].Name] = value.Value;
        }

        var plain = Parameters.Where(p => !p.Indexed).ToArray();
        var body = AbiCodec.Decode(plain.Select(p => p.Type).ToArray(), data);
        if (!body.Succeeded)
        {
            return false;
        }

        for (var i = 0; i < plain.Length; i++)
        {
            values[plain[i].Name] = body.Value[i];
        }

        decoded = new DecodedEvent(this, values);
        return true;
    }
}
