package minicoin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a child node runs: loopback as every test had it, or an address of its own with HTTPS and a command prefix. */
class NodeHostTest {

    @Test
    void loopbackIsPlainHttpOn127001StartedDirectly() {
        assertEquals(URI.create("http://127.0.0.1:8332/"), NodeHost.LOOPBACK.rpcUri(8332));
        assertEquals(List.of("java", "-version"), NodeHost.LOOPBACK.command(List.of("java", "-version")));
        assertTrue(NodeHost.LOOPBACK.tls().isEmpty());
    }

    @Test
    void aNodeInANamespaceIsAskedOverHttpsAtItsAddressAndStartedUnderThePrefix() {
        NodeHost host = new NodeHost("10.78.0.2", List.of("ip", "netns", "exec", "mcc1-n0"),
                Optional.of(new NodeHost.Tls(Path.of("n0.key"), Path.of("n0.pem"), Path.of("ca.pem"))));

        assertEquals(URI.create("https://10.78.0.2:8332/"), host.rpcUri(8332));
        assertEquals(List.of("ip", "netns", "exec", "mcc1-n0", "java", "-version"), host.command(List.of("java", "-version")));
    }
}
