package minicoin.rpc.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import minicoin.config.NodeConfig;
import minicoin.rpc.explorer.SyncProgress;

/**
 * When the node is ready to serve (docs/metrics.md): its store answers, its chain has caught up
 * with the best header it has seen, and it has at least one ready peer unless it is configured to
 * run alone (no p2p role, or neither {@code p2p.peers} nor {@code discovery.bootstrap}).
 */
public final class Readiness {

    /** One check of /ready: its name as vertx-health-check shows it, up or not, and what it saw. */
    public record Check(String name, boolean up, JsonObject data) {
    }

    private Readiness() {
    }

    /** Whether this configuration means a node alone: no peer to wait for. */
    public static boolean alone(NodeConfig config) {
        return !config.roles().contains(NodeConfig.Role.P2P)
                || (config.p2p().peers().isEmpty() && config.discovery().bootstrap().isEmpty());
    }

    /**
     * @param chainInfo chain.info's reply, empty when the chain service did not answer
     * @param peers     p2p.peers' reply, empty when no peer service answered
     */
    public static List<Check> checks(Optional<JsonObject> chainInfo, Optional<JsonObject> peers, boolean alone) {
        JsonArray peerList = peers.map(p -> p.getJsonArray("peers", new JsonArray())).orElse(new JsonArray());
        long ready = peerList.stream().filter(p -> p instanceof JsonObject peer && Boolean.TRUE.equals(peer.getBoolean("ready")))
                .count();
        Check store = new Check("store", chainInfo.isPresent(), new JsonObject()
                .put("chainService", chainInfo.isPresent() ? "answers" : "does not answer"));
        Check sync = chainInfo.map(info -> {
            SyncProgress progress = SyncProgress.of(info.getLong("height", -1L), peerList);
            return new Check("sync", progress.synced(), progress.json());
        }).orElse(new Check("sync", false, new JsonObject().put("height", null)));
        Check peer = new Check("peers", alone || ready > 0, new JsonObject().put("ready", ready).put("alone", alone));
        return List.of(store, sync, peer);
    }
}
