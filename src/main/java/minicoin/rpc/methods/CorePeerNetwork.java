package minicoin.rpc.methods;

/**
 * Core's {@code network} of a peer's address ({@code getpeerinfo}): "ipv4", "ipv6", or
 * "not_publicly_routable" for loopback, private (RFC 1918, fc00::/7) and link-local ranges, as
 * Core's {@code CNetAddr::IsRoutable} says. Read from the text alone: an address configured as a
 * host name is never looked up (that would block the event loop) and counts as "ipv4".
 */
final class CorePeerNetwork {

    private CorePeerNetwork() {
    }

    /** The network of {@code address}, "host:port" or "[ipv6]:port". */
    static String of(String address) {
        String host = host(address);
        if (host.indexOf(':') >= 0) {
            String lower = host.toLowerCase(java.util.Locale.ROOT);
            boolean unroutable = lower.equals("::1") || lower.startsWith("fc") || lower.startsWith("fd")
                    || lower.startsWith("fe8") || lower.startsWith("fe9") || lower.startsWith("fea") || lower.startsWith("feb");
            return unroutable ? "not_publicly_routable" : "ipv6";
        }
        String[] octets = host.split("\\.");
        if (octets.length != 4 || !host.matches("[0-9.]+")) {
            return "ipv4";
        }
        int a = Integer.parseInt(octets[0]);
        int b = Integer.parseInt(octets[1]);
        boolean unroutable = a == 127 || a == 10 || a == 0 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127);
        return unroutable ? "not_publicly_routable" : "ipv4";
    }

    private static String host(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }
}
