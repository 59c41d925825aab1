package minicoin.attack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.testing.ChildNode;
import minicoin.testing.LocalNode;

/**
 * The stage of one attack: an honest node (in this JVM) that mines, and the target, a real node in
 * a {@value ChildNode#HEAP} JVM of its own that syncs from the honest one. An attack runs against the
 * target while {@link RpcWatch} measures its RPC; afterwards the honest node mines a block and the
 * target must follow it, and the target's live heap and disk are measured against what they were.
 *
 * <p>Regtest, so the attacker's proof of work costs nothing: each defence under test is about what
 * the node keeps or answers, not about how hard the work was to make.
 */
public final class Siege implements AutoCloseable {

    public static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    /** The honest chain's length unless a siege asks for more. */
    public static final int HONEST_BLOCKS = 3;
    /** Blocks per {@code generate}: the RPC's own cap. */
    private static final int GENERATE_CAP = 1_000;

    /** What one attack left behind. */
    public record Outcome(String attack, long heapBefore, long heapAfter, long diskBefore, long diskAfter,
                          double rpcP95Millis, int rpcFailures, int rpcAnswered, String rpcLastFailure, long syncedHeight,
                          String detail) {

        public long heapGrowth() {
            return heapAfter - heapBefore;
        }

        public long diskGrowth() {
            return diskAfter - diskBefore;
        }

        @Override
        public String toString() {
            return String.format("%s: live heap %.1f -> %.1f MB, disk %.2f -> %.2f MB, RPC p95 %.1f ms (%d answered, %d failed%s),"
                            + " followed the honest chain to height %d; %s", attack, mb(heapBefore), mb(heapAfter),
                    mb(diskBefore), mb(diskAfter), rpcP95Millis, rpcAnswered, rpcFailures,
                    rpcFailures == 0 ? "" : ", last: " + rpcLastFailure, syncedHeight, detail);
        }

        private static double mb(long bytes) {
            return bytes / 1e6;
        }
    }

    /** An attack on the target; returns a line of what it did (how much it sent, what the node answered). */
    @FunctionalInterface
    public interface Attack {
        String run(Siege siege) throws Exception;
    }

    private final LocalNode honest;
    private final ChildNode target;
    private final Hash genesis;

    private Siege(LocalNode honest, ChildNode target, Hash genesis) {
        this.honest = honest;
        this.target = target;
        this.genesis = genesis;
    }

    /** Starts the honest node with a short chain and the target synced to it; {@code targetOverrides} replaces sections of the target's config. */
    public static Siege start(Path dir, JsonObject targetOverrides) throws Exception {
        return start(dir, targetOverrides, HONEST_BLOCKS);
    }

    /** As {@link #start(Path, JsonObject)}, with an honest chain of {@code honestBlocks} blocks. */
    public static Siege start(Path dir, JsonObject targetOverrides, int honestBlocks) throws Exception {
        LocalNode honest = LocalNode.start("honest", dir.resolve("honest"), "regtest", new JsonObject());
        ChildNode target = null;
        try {
            honest.rpc("creategenesis");
            for (int left = honestBlocks; left > 0; left -= GENERATE_CAP) {
                honest.rpc("generate", Math.min(left, GENERATE_CAP));
            }
            JsonObject overrides = new JsonObject().put("network", "regtest")
                    .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", LocalNode.freeTcpPort())
                            .put("peers", new JsonArray().add(honest.p2pAddress())));
            targetOverrides.forEach(entry -> overrides.put(entry.getKey(), entry.getValue()));
            target = ChildNode.start("target", dir, overrides);
            ChildNode started = target;
            LocalNode.eventually(SYNC_TIMEOUT, () -> started.blockCount() == honestBlocks,
                    () -> "the target did not sync from the honest node; " + started.logTail());
            return new Siege(honest, target, Hash.fromHex((String) honest.rpc("getblockhash", 0)));
        } catch (Exception | AssertionError e) {
            if (target != null) {
                target.close();
            }
            honest.close();
            throw e;
        }
    }

    public LocalNode honest() {
        return honest;
    }

    public ChildNode target() {
        return target;
    }

    public Hash genesis() {
        return genesis;
    }

    /** An attacker's connection to the target, handshaken as a node of the same genesis. */
    public HostilePeer hostilePeer(java.math.BigInteger claimedWork, long seed) throws Exception {
        HostilePeer peer = HostilePeer.connect(target.p2pPort(), PARAMS.magic());
        peer.handshake(genesis, claimedWork, seed);
        return peer;
    }

    /**
     * Runs {@code attack} while watching the target's RPC, then has the honest node mine one block
     * and waits for the target to follow it.
     */
    public Outcome run(String name, Attack attack) throws Exception {
        long heapBefore = target.liveHeapBytes();
        long diskBefore = target.diskBytes();
        String detail;
        RpcWatch watch = new RpcWatch(target);
        try {
            detail = attack.run(this);
            honest.rpc("generate", 1);
            long height = honest.blockCount();
            LocalNode.eventually(SYNC_TIMEOUT, () -> safeHeight() == height,
                    () -> "after " + name + " the target no longer syncs from the honest node (at " + safeHeight()
                            + " of " + height + "); " + target.logTail());
        } finally {
            watch.close();
        }
        if (!target.process().isAlive()) {
            throw new AssertionError(name + ": the target died (exit " + target.process().exitValue() + "); "
                    + target.logTail());
        }
        return new Outcome(name, heapBefore, target.liveHeapBytes(), diskBefore, target.diskBytes(), watch.p95Millis(),
                watch.failures(), watch.answered(), watch.lastFailure(), target.blockCount(), detail);
    }

    private long safeHeight() {
        try {
            return target.blockCount();
        } catch (RuntimeException e) {
            return -2;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            target.close();
        } finally {
            honest.close();
        }
    }
}
