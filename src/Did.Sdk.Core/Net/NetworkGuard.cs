// Server-side request forgery guard for outbound fetches whose target comes from untrusted data
// (did:web hosts, status list URIs): connect-time address checks and an HTTP handler that cannot be
// steered around them.
// Special-purpose address registries: IANA IPv4 (RFC 6890, RFC 1918, RFC 6598, RFC 3927, RFC 5737,
// RFC 2544) and IPv6 (RFC 4291 loopback/unspecified/mapped/link-local/multicast, RFC 4193 unique-local,
// RFC 3879 site-local, RFC 3849 documentation, RFC 6052 NAT64, RFC 3056 6to4, RFC 4380 Teredo).
using System.Net;
using System.Net.Sockets;

namespace Did.Sdk.Net;

/// <summary>
/// Connects only to public unicast addresses, for fetches whose URL an attacker may choose (a did:web
/// DID, a credential's status list URI). <see cref="CreateHandler"/> is the HTTP handler built on it.
/// </summary>
public static class NetworkGuard
{
    /// <summary>
    /// An HTTP handler for untrusted URLs: no automatic redirects, no proxy (a proxy would connect on
    /// the caller's behalf and bypass the guard), no cookies, no decompression (size bounds apply to the
    /// bytes received), at most 64 KiB of response headers, and a
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> that goes through <see cref="ConnectAsync"/>.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxResponseHeadersLength = 64,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivateNetworks, cancellationToken),
    };

    /// <summary>
    /// Resolves <paramref name="endPoint"/> and opens a TCP connection to the first address that
    /// accepts, trying only public addresses unless <paramref name="allowPrivateNetworks"/>. The check
    /// applies to the addresses actually connected to, so a name that resolves to a public address for
    /// one lookup and to 127.0.0.1 for the next (DNS rebinding) is still refused.
    /// </summary>
    /// <exception cref="NetworkAddressRefusedException">The host has no address, or only non-public ones.</exception>
    /// <exception cref="IOException">No address accepted the connection.</exception>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublicAddress).ToArray();
        if (allowed.Length == 0)
        {
            throw new NetworkAddressRefusedException(addresses.Length == 0
                ? $"The host {endPoint.Host} has no addresses."
                : $"The host {endPoint.Host} resolves only to non-public addresses ({string.Join(", ", addresses.Take(4).Select(a => a.ToString()))}); connection refused (private networks are allowed only by an explicit option).");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new IOException($"Could not connect to {endPoint.Host}:{endPoint.Port}.", last);
    }

    /// <summary>
    /// True when <paramref name="address"/> is a public unicast address. False for loopback,
    /// private, CGNAT, link-local, unique-local, site-local, multicast, broadcast, documentation,
    /// benchmarking, reserved and unspecified addresses, and for IPv6 forms that embed such an IPv4
    /// address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) or tunnel to an unknown one (Teredo).
    /// </summary>
    public static bool IsPublicAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPublicV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(b.AsSpan(12));
        }

        // ::/96 holds :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible form.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        // 64:ff9b::/96 NAT64 and 64:ff9b:1::/48 local-use NAT64 embed an IPv4 address in the last 32 bits.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 && IsPublicV4(b.AsSpan(12));
        }

        return b[0] switch
        {
            0xff => false,                                   // ff00::/8 multicast
            0xfc or 0xfd => false,                           // fc00::/7 unique-local
            0xfe when (b[1] & 0xc0) is 0x80 or 0xc0 => false, // fe80::/10 link-local, fec0::/10 site-local
            0x20 when b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => false, // 2001:db8::/32 documentation
            0x20 when b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00 => false, // 2001::/32 Teredo
            0x20 when b[1] == 0x02 => IsPublicV4(b.AsSpan(2, 4)),           // 2002::/16 6to4
            0x01 when b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0 => false, // 100::/64 discard
            _ => (b[0] & 0xe0) == 0x20,                      // only 2000::/3 is global unicast
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => false,                                    // 0.0.0.0/8 "this network", incl. unspecified
        10 => false,                                   // 10/8 private
        100 when (a[1] & 0xc0) == 64 => false,         // 100.64/10 CGNAT
        127 => false,                                  // 127/8 loopback
        169 when a[1] == 254 => false,                 // 169.254/16 link-local, incl. cloud metadata
        172 when (a[1] & 0xf0) == 16 => false,         // 172.16/12 private
        192 when a[1] == 0 && a[2] is 0 or 2 => false, // 192.0.0/24 IETF, 192.0.2/24 TEST-NET-1
        192 when a[1] == 88 && a[2] == 99 => false,    // 192.88.99/24 6to4 relay anycast
        192 when a[1] == 168 => false,                 // 192.168/16 private
        198 when (a[1] & 0xfe) == 18 => false,         // 198.18/15 benchmarking
        198 when a[1] == 51 && a[2] == 100 => false,   // 198.51.100/24 TEST-NET-2
        203 when a[1] == 0 && a[2] == 113 => false,    // 203.0.113/24 TEST-NET-3
        >= 224 => false,                               // 224/4 multicast, 240/4 reserved, broadcast
        _ => true,
    };
}

/// <summary>A connection refused by <see cref="NetworkGuard"/>: the host resolves only to non-public addresses, or to none.</summary>
public sealed class NetworkAddressRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NetworkAddressRefusedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NetworkAddressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public NetworkAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
