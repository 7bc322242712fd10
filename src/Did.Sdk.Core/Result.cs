using System.Diagnostics.CodeAnalysis;

namespace Did.Sdk;

/// <summary>
/// The outcome of an operation on untrusted input: a value XOR an <see cref="SdkError"/>.
/// Check <see cref="Succeeded"/> before reading <see cref="Value"/>; the compiler enforces it.
/// </summary>
/// <typeparam name="T">The type of the value on success.</typeparam>
public sealed class Result<T>
    where T : notnull
{
    private Result(T? value, SdkError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>True when the operation succeeded and <see cref="Value"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value, when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The error, when not <see cref="Succeeded"/>.</summary>
    public SdkError? Error { get; }

    /// <summary>A successful result.</summary>
    public static Result<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Result<T>(value, null);
    }

    /// <summary>A failed result.</summary>
    public static Result<T> Failure(SdkError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result<T>(default, error);
    }

    /// <summary>A failed result with a new error.</summary>
    public static Result<T> Failure(string code, string message) => Failure(new SdkError(code, message));

    /// <summary>Returns the value or throws <see cref="SdkException"/> carrying the error.</summary>
    public T ThrowIfFailed() => Succeeded ? Value : throw new SdkException(Error);

    /// <summary>The value, or <paramref name="value"/> is default and the method returns false.</summary>
    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        value = Value;
        return Succeeded;
    }

    /// <summary>Wraps a value in a successful result.</summary>
    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Success(T) is the named alternate.")]
    public static implicit operator Result<T>(T value) => Success(value);

    /// <summary>Wraps an error in a failed result.</summary>
    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Failure(SdkError) is the named alternate.")]
    public static implicit operator Result<T>(SdkError error) => Failure(error);
}
