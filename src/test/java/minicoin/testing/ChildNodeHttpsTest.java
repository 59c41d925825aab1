package minicoin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import minicoin.node.RpcCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child node given TLS serves RPC over HTTPS and the harness's client speaks it, trusting the run's
 * CA: what {@code scripts/chaos --netns} needs off loopback, shown here on 127.0.0.1 without root.
 */
class ChildNodeHttpsTest {

    @TempDir
    Path dir;

    @Test
    void aNodeWithTlsIsAskedOverHttpsTrustingTheRunsCa() throws Exception {
        NodeHost.Tls tls = new RpcCertificates(dir.resolve("certs")).issue("n0", "127.0.0.1");
        NodeHost host = new NodeHost("127.0.0.1", List.of(), Optional.of(tls));

        try (ChildNode node = ChildNode.start("n0", dir, host, new JsonObject())) {
            assertEquals(-1L, node.blockCount());
            assertEquals("https", host.rpcUri(node.rpcPort()).getScheme());
            JsonObject written = new JsonObject(Files.readString(dir.resolve("n0.json")));
            assertEquals(tls.cert().toString(), written.getJsonObject("rpc").getJsonObject("tls").getString("cert"));
        }
    }
}
