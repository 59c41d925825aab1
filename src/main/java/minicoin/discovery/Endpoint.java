package minicoin.discovery;

import java.util.Locale;
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
     * Whether {@code host} is the loopback address every local node shares (127.0.0.1, ::1,
     * localhost): a devnet and the tests run all their nodes there, so the rules that count per
     * address or per network (discovery's subnet limits and rate limit, the peer layer's caps,
     * diversity and bans) exempt it, or tell its nodes apart by port. Other 127/8 addresses are
     * ordinary addresses, which is how tests play remote hosts on one machine. The one definition
     * discovery and the peer layer share. Textual only: the check never waits for DNS.
     */
    public static boolean isSharedLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.equals("::ffff:127.0.0.1");
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
