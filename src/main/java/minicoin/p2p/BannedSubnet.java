package minicoin.p2p;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address or subnet a user banned (Bitcoin Core's {@code setban}): "1.2.3.4", "1.2.3.0/24",
 * "2001:db8::/32". Parsed from its text alone, never through DNS: a host name is no subnet.
 *
 * @param network the network's address bytes (4 or 16), host bits zeroed
 * @param bits    the prefix length
 */
public record BannedSubnet(byte[] network, int bits) {

    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    /** Longer than any address with its prefix ("ffff:...:ffff/128" is 43): longer text is refused unread. */
    private static final int MAX_TEXT_CHARS = 64;

    public BannedSubnet {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** The subnet {@code text} names, or empty when it is no IPv4 or IPv6 address with an optional prefix. */
    public static Optional<BannedSubnet> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int max = bytes.get().length * 8;
        int bits = max;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            bits = Integer.parseInt(prefix);
            if (bits > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new BannedSubnet(masked(bytes.get(), bits), bits));
    }

    /** Whether {@code host} (an address literal, as a socket reports it) lies in this subnet. */
    public boolean contains(String host) {
        Optional<byte[]> address = literal(host);
        return address.isPresent() && address.get().length == network.length
                && Arrays.equals(masked(address.get(), bits), network);
    }

    /** Core's form: the network and its prefix length, "1.2.3.0/24", "1.2.3.4/32". */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a subnet of " + network.length + " bytes", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BannedSubnet subnet && subnet.bits == bits && Arrays.equals(subnet.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + bits;
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 literal; empty for anything else (no DNS is asked). */
    private static Optional<byte[]> literal(String host) {
        String text = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(bytes);
        }
        if (text.indexOf(':') < 0 || !text.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty();
        }
        try {
            // Text with a colon is parsed as an IPv6 literal, never looked up.
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length * 8 == IPV4_BITS || bytes.length * 8 == IPV6_BITS ? Optional.of(bytes) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] masked(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }
}
