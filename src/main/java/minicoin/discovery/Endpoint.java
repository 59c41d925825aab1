package minicoin.discovery;

import java.util.Objects;

/** A UDP address as the transport saw it or a NEIGHBORS packet announced it: host text and port. */
public record Endpoint(String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > NodeRecord.MAX_PORT) {
            throw new IllegalArgumentException("UDP port must be 1.." + NodeRecord.MAX_PORT + ", got " + port);
        }
    }

    /**
     * Whether {@code host} is a loopback address, where many local nodes share one IP (a devnet,
     * the tests), so per-sender limits and bans must tell them apart by port. Textual only: the
     * check never waits for DNS.
     */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
