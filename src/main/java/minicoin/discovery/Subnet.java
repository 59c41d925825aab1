package minicoin.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The network a host belongs to, as far as the routing table's diversity limits care: an IPv4
 * address's /24, an IPv6 address's /48 (what one site is usually given), or, for text that is no
 * address literal, the text itself. Addresses one operator gets cheaply share a subnet, so
 * {@link RoutingTable} counts places per subnet rather than per address or port.
 */
public record Subnet(String prefix) {

    /** IPv4 prefix bits: geth's discv4 groups by /24 (p2p/netutil.DistinctNetSet). */
    public static final int IPV4_PREFIX_BITS = 24;
    /** IPv6 prefix bits: a /48 is one site's allocation, the IPv6 counterpart of a /24. */
    public static final int IPV6_PREFIX_BITS = 48;

    public Subnet {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The subnet of {@code host}; textual, so it never waits for DNS. */
    public static Subnet of(String host) {
        int[] v4 = dottedQuad(host);
        if (v4 != null) {
            return new Subnet(v4[0] + "." + v4[1] + "." + v4[2] + ".0/" + IPV4_PREFIX_BITS);
        }
        if (host.indexOf(':') >= 0) {
            byte[] address = ipv6Literal(host);
            if (address != null && address.length == 4) {
                return new Subnet((address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff)
                        + ".0/" + IPV4_PREFIX_BITS);
            }
            if (address != null) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < IPV6_PREFIX_BITS / 8; i += 2) {
                    prefix.append(Integer.toHexString((address[i] & 0xff) << 8 | (address[i + 1] & 0xff))).append(':');
                }
                return new Subnet(prefix.append(":/").append(IPV6_PREFIX_BITS).toString());
            }
        }
        return new Subnet(host);
    }

    /** Four decimal octets 0..255, or null. */
    private static int[] dottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets;
    }

    /**
     * The bytes of an IPv6 literal (4 bytes for an IPv4-mapped one), or null. Only text with a colon
     * gets here, and the JDK parses such text as a literal without a DNS query.
     */
    private static byte[] ipv6Literal(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // The JDK takes text starting with a hex digit or a colon, and holding a colon, as a literal.
        if (literal.isEmpty() || !(literal.charAt(0) == ':' || Character.digit(literal.charAt(0), 16) >= 0)
                || !literal.chars().allMatch(c -> c == ':' || c == '.' || c == '%' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return prefix;
    }
}
