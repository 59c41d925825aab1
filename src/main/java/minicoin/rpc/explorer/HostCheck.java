package minicoin.rpc.explorer;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which {@code Host} headers the node's pages answer: the RPC host, localhost, 127.0.0.1, [::1]
 * and the configured {@code rpc.allowedHosts}, whatever the port. A DNS-rebinding page reaches the
 * node under its own name (evil.example resolving to 127.0.0.1), so its requests carry that name
 * and are refused; a request with no Host header at all is refused too (HTTP/1.1 requires one).
 */
public final class HostCheck {

    /** Names every loopback node answers to, whatever its configuration. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> allowed;

    public HostCheck(String rpcHost, Collection<String> allowedHosts) {
        this.allowed = Stream.concat(Stream.concat(LOOPBACK_NAMES.stream(), Stream.of(rpcHost)), allowedHosts.stream())
                .map(HostCheck::bare)
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a request with this Host header (null when absent) may read the pages. */
    public boolean allows(String hostHeader) {
        return hostHeader != null && bare(hostHeader).filter(allowed::contains).isPresent();
    }

    /** The host name of a Host header or configured name, lower case, without port or IPv6 brackets. */
    static Optional<String> bare(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            String rest = name.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return Optional.empty();
            }
            name = name.substring(1, close);
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.indexOf(':') >= 0) {
            String port = name.substring(name.indexOf(':') + 1);
            if (!port.matches("\\d{1,5}")) {
                return Optional.empty();
            }
            name = name.substring(0, name.indexOf(':'));
        }
        // A trailing dot names the same host (localhost. is localhost).
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
