package minicoin.p2p;

import java.util.Locale;
import minicoin.discovery.Endpoint;

/**
 * The network group of a peer's address, as Bitcoin Core groups addresses: an IPv4 address by its
 * /16, an IPv6 address by its /32 (an IPv4-mapped IPv6 address as its IPv4 address). One operator
 * easily holds many addresses of one group, rarely many groups, so inbound caps and outbound
 * diversity count groups. Textual only: a host name is its own group and is never resolved.
 *
 * <p>Local nodes (a devnet, the tests) all live on 127.0.0.1 (or ::1): that address is
 * {@link #isSharedLoopback exempt} from every per-address and per-group rule, and from keying bans
 * by address. Other 127.x.y.z addresses are grouped like any IPv4 address (127.0 is their /16), so
 * a test can play remote hosts on one machine.
 */
public final class NetGroup {

    /** The group every local node on the shared loopback address belongs to. */
    public static final String LOOPBACK = "loopback";

    private NetGroup() {
    }

    /**
     * Whether {@code host} is the loopback address local nodes share, exempt from per-address rules:
     * discovery's definition ({@link Endpoint#isSharedLoopback}), so both layers exempt the same set.
     */
    public static boolean isSharedLoopback(String host) {
        return Endpoint.isSharedLoopback(host);
    }

    /** The group of {@code host}: "a.b" for IPv4, the first two 16-bit words for IPv6, else the host itself. */
    public static String of(String host) {
        if (isSharedLoopback(host)) {
            return LOOPBACK;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int[] v4 = ipv4(h.startsWith("::ffff:") ? h.substring("::ffff:".length()) : h);
        if (v4 != null) {
            return v4[0] + "." + v4[1];
        }
        int[] v6 = ipv6Prefix(h);
        if (v6 != null) {
            return Integer.toHexString(v6[0]) + ":" + Integer.toHexString(v6[1]) + "::/32";
        }
        return h;
    }

    /** The four octets of a dotted IPv4 address, or null. */
    private static int[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            octets[i] = Integer.parseInt(parts[i]);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets;
    }

    /** The first two 16-bit words of an IPv6 address (with "::" expanded), or null if it is not one. */
    private static int[] ipv6Prefix(String host) {
        if (host.indexOf(':') < 0) {
            return null;
        }
        int zone = host.indexOf('%');
        String address = zone >= 0 ? host.substring(0, zone) : host;
        int gap = address.indexOf("::");
        String head = gap >= 0 ? address.substring(0, gap) : address;
        String[] words = head.isEmpty() ? new String[0] : head.split(":", -1);
        int[] prefix = new int[2];
        for (int i = 0; i < Math.min(2, words.length); i++) {
            if (words[i].isEmpty() || words[i].length() > 4 || words[i].indexOf('.') >= 0) {
                return null;
            }
            try {
                prefix[i] = Integer.parseInt(words[i], 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (gap < 0 && words.length < 2) {
            return null;
        }
        return prefix;
    }
}
