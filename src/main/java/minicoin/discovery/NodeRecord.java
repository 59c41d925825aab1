package minicoin.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import minicoin.crypto.PublicKey;

/**
 * What discovery knows about a node: its id, key, host, UDP port (discovery) and TCP port (peer
 * messaging, 0 when it takes no connections).
 */
public record NodeRecord(NodeId id, PublicKey key, String host, int udpPort, int tcpPort) {

    public static final int MAX_PORT = 65_535;
    /** Longest host text: an IPv6 literal with an embedded IPv4 address is 45 characters. */
    public static final int MAX_HOST_BYTES = 45;

    public NodeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(host, "host");
        if (!id.equals(NodeId.of(key))) {
            throw new IllegalArgumentException("node id is not SHA-256 of the public key");
        }
        if (!isValidHost(host)) {
            throw new IllegalArgumentException("host must be 1.." + MAX_HOST_BYTES + " printable ASCII characters");
        }
        if (udpPort < 1 || udpPort > MAX_PORT) {
            throw new IllegalArgumentException("UDP port must be 1.." + MAX_PORT + ", got " + udpPort);
        }
        if (tcpPort < 0 || tcpPort > MAX_PORT) {
            throw new IllegalArgumentException("TCP port must be 0.." + MAX_PORT + ", got " + tcpPort);
        }
    }

    public static NodeRecord of(PublicKey key, String host, int udpPort, int tcpPort) {
        return new NodeRecord(NodeId.of(key), key, host, udpPort, tcpPort);
    }

    public static NodeRecord of(PublicKey key, Endpoint udp, int tcpPort) {
        return of(key, udp.host(), udp.port(), tcpPort);
    }

    public Endpoint udpEndpoint() {
        return new Endpoint(host, udpPort);
    }

    static boolean isValidHost(String host) {
        byte[] ascii = host.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length == 0 || ascii.length > MAX_HOST_BYTES || ascii.length != host.length()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
