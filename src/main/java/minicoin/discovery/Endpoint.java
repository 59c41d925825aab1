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

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
