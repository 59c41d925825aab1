package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;

class ConfigSummaryTest {

    @Test
    void theDefaultsFitOneShortLineWithNetworkDataDirRolesAndPorts() {
        String summary = ConfigSummary.of(NodeConfig.defaults(), false);

        assertEquals("network devnet, dataDir " + Path.of("data").toAbsolutePath() + ", roles chain,wallet,miner,rpc,p2p,"
                + "discovery, p2p 0.0.0.0:5678/tcp, discovery 0.0.0.0:5678/udp, rpc http://127.0.0.1:9999/, mining pool-full",
                summary);
    }

    @Test
    void onlyThisJvmsRolesAndNoSecrets() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("roles", new JsonArray().add("rpc"))
                .put("rpc", new JsonObject().put("token", "a-secret-token-0123456789")));

        String summary = ConfigSummary.of(config, true);

        assertTrue(summary.contains("roles rpc, rpc http://127.0.0.1:9999/, cluster 127.0.0.1:5701, busPrefix minicoin"),
                summary);
        // The data directory's path is the user's and may hold any word: the check reads past it.
        String afterDataDir = summary.substring(summary.indexOf(", roles "));
        assertFalse(afterDataDir.contains("p2p") || summary.contains("a-secret"), summary);
    }
}
