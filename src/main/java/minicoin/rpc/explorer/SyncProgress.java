package minicoin.rpc.explorer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How far the node's chain is from the best chain it has heard of. The best header seen is the
 * highest of our height and the heights our ready peers announced as they connected (the block
 * index's size is no measure: it counts side branches too).
 *
 * @param height         our tip's height, -1 before a genesis
 * @param bestHeaderSeen the highest height known to exist, from us or a peer
 */
public record SyncProgress(long height, long bestHeaderSeen) {

    public static SyncProgress of(long height, JsonArray peers) {
        long best = height;
        for (Object entry : peers) {
            if (entry instanceof JsonObject peer && Boolean.TRUE.equals(peer.getBoolean("ready"))) {
                best = Math.max(best, peer.getLong("startingHeight", -1L));
            }
        }
        return new SyncProgress(height, best);
    }

    /** Blocks connected over blocks known, 0 to 1; 0 before a genesis. */
    public double progress() {
        if (height < 0) {
            return 0.0;
        }
        return Math.min(1.0, (height + 1.0) / (bestHeaderSeen + 1.0));
    }

    public boolean synced() {
        return height >= 0 && height >= bestHeaderSeen;
    }

    public JsonObject json() {
        return new JsonObject().put("height", height).put("bestHeaderSeen", bestHeaderSeen)
                .put("progress", progress()).put("synced", synced());
    }
}
