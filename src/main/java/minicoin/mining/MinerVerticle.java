package minicoin.mining;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig.MiningMode;
import minicoin.config.NodeConfig;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.NodeClock;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;

/**
 * The miner's shell on the event bus (docs/eventbus.md, "Miner"). Deploy it as a WORKER verticle;
 * its configuration is the node's. It mines one block at a time: asks {@code chain.template} for
 * an unsolved block, has a {@link Miner} solve it on its own threads, and submits the solution
 * with {@code chain.submitBlock}. When it mines depends on {@code mining.mode}:
 *
 * <ul>
 *   <li>{@code pool-full}: one block whenever {@code chain.mempool} holds {@code mining.txPoolSize}
 *       transactions, checked at start, on each {@code mempool.txAccepted} and after each block;
 *   <li>{@code continuous}: block after block; before a genesis exists it waits for {@code chain.tip};
 *   <li>{@code off}: only on {@code mining.generate}, which every mode serves first.
 * </ul>
 *
 * <p>A {@code chain.tip} naming another block than the template's parent cancels the search at
 * once, and the next template is built on the new tip.
 */
public final class MinerVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(MinerVerticle.class.getName());

    /** Tries at one block of a {@code mining.generate} that the chain does not connect (beaten by a peer's block, say). */
    static final int MAX_SUBMIT_ATTEMPTS = 3;
    /** One request's blocks: a long regtest chain for tests, yet a bound on a request's work. */
    static final int MAX_GENERATE_BLOCKS = 10_000;
    /** Leading zero bytes of each extra nonce, the room {@link Miner} counts up in when a header's nonces run out. */
    static final int EXTRA_NONCE_ROLL_BYTES = 4;
    /** Then a per-template sequence that starts at random, so two miners paying one address never share work. */
    static final int EXTRA_NONCE_SEQUENCE_BYTES = 8;
    /** First wait after a failed chain request in background mining; it doubles up to the maximum. */
    static final long FIRST_RETRY_DELAY_MS = 1_000;
    static final long MAX_RETRY_DELAY_MS = 10_000;

    private static final HexFormat HEX = HexFormat.of();

    private NodeConfig config;
    private BusAddresses bus;
    private ExecutorService searchThreads;
    private Miner miner;
    /** The debug hash-rate limit of the node's own mining ({@link HashPace#PROPERTY}); none in production. */
    private HashPace pace = HashPace.UNLIMITED;

    // Every field below is touched only on this verticle's context: a worker verticle runs one handler at a time.
    private final Deque<GenerateJob> generateJobs = new ArrayDeque<>();
    /** A block is in the works (template, search or submission), or the mempool is being checked. */
    private boolean busy;
    private Miner.Search current;
    private boolean currentIsBackground;
    private boolean poolCheckDue;
    /** Continuous mode before a genesis: the next {@code chain.tip} resumes the work. */
    private boolean waitingForTip;
    private long retryTimer = -1;
    private long retryDelayMs = FIRST_RETRY_DELAY_MS;
    private Hash latestTip;
    private long tipChanges;
    private String rewardAddress;
    private long blocksMined;
    private long templateSequence;
    private boolean stopping;

    /** One {@code mining.generate} request being served. */
    private static final class GenerateJob {
        final Message<JsonObject> request;
        final int blocks;
        final Optional<String> address;
        final List<String> hashes = new ArrayList<>();
        int failedSubmissions;

        GenerateJob(Message<JsonObject> request, int blocks, Optional<String> address) {
            this.request = request;
            this.blocks = blocks;
            this.address = address;
        }
    }

    /** What became of one block: submitted (with the chain's outcome) or abandoned because the tip moved. */
    private record Attempt(Block block, String outcome, String reason) {
        static final Attempt STALE = new Attempt(null, "STALE", "the tip moved");

        boolean connected() {
            return "CONNECTED".equals(outcome);
        }
    }

    @Override
    public Future<?> start() {
        try {
            config = NodeConfig.fromJson(config());
            Optional<String> configured = config.mining().rewardAddress();
            if (configured.isPresent()) {
                Address.parse(configured.get());
            }
            rewardAddress = configured.orElse(null);
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            return Future.failedFuture(e);
        } catch (AddressFormatException e) {
            ConfigException error = new ConfigException("/mining/rewardAddress", e.getMessage());
            LOG.log(Level.SEVERE, error.getMessage());
            return Future.failedFuture(error);
        }
        try {
            pace = HashPace.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            return Future.failedFuture(e);
        }
        if (pace.limited()) {
            LOG.warning(() -> "Mining held to " + pace.hashesPerSecond() + " hashes a second but for generate (debug setting "
                    + HashPace.PROPERTY + ")");
        }
        bus = new BusAddresses(config.node().busPrefix());
        int threads = config.mining().threads();
        searchThreads = Executors.newFixedThreadPool(threads, namedDaemonThreads());
        miner = new Miner(searchThreads, threads, Miner.NONCE_SPACE, NodeClock.fromSystemProperties(), new HashrateMeter());
        templateSequence = new SecureRandom().nextLong();

        EventBus eventBus = vertx.eventBus();
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.MINING_INFO), this::info);
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.MINING_GENERATE), this::generate);
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.CHAIN_TIP), message -> tipMoved(message.body()));
        eventBus.consumer(bus.of(BusAddresses.MEMPOOL_TX_ACCEPTED), message -> {
            poolCheckDue = true;
            schedule();
        });

        MiningMode mode = config.mining().mode();
        LOG.info(() -> "Miner started: mode " + mode.id() + ", " + threads + " thread(s)"
                + (mode == MiningMode.POOL_FULL ? ", a block once the mempool holds " + config.mining().txPoolSize() : "")
                + ", reward to " + (rewardAddress != null ? rewardAddress : "the wallet's first address"));
        poolCheckDue = true;
        // First work once start() has returned: the consumers are registered, so no tip or request is missed.
        vertx.runOnContext(v -> schedule());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        for (GenerateJob job : generateJobs) {
            job.request.fail(BusError.INTERNAL.code(), "the miner is stopping");
        }
        generateJobs.clear();
        return Future.fromCompletionStage(miner.cancel(), context)
                .eventually(() -> {
                    searchThreads.shutdown();
                    return Future.succeededFuture();
                });
    }

    private void info(Message<JsonObject> message) {
        message.reply(new JsonObject()
                .put("mode", config.mining().mode().id())
                .put("threads", miner.threads())
                .put("hashrate", Math.round(miner.hashrate()))
                .put("hashes", miner.totalHashes())
                .put("blocksMined", blocksMined)
                .put("address", rewardAddress));
    }

    private void generate(Message<JsonObject> message) {
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        Object blocks = body.getValue("blocks");
        boolean integral = blocks instanceof Integer || blocks instanceof Long;
        if (!integral || ((Number) blocks).longValue() < 1 || ((Number) blocks).longValue() > MAX_GENERATE_BLOCKS) {
            message.fail(BusError.INVALID_REQUEST.code(), "blocks must be an integer within 1.." + MAX_GENERATE_BLOCKS);
            return;
        }
        int count = ((Number) blocks).intValue();
        Object address = body.getValue("address");
        if (address != null && !(address instanceof String)) {
            message.fail(BusError.INVALID_REQUEST.code(), "address must be a string");
            return;
        }
        if (address != null) {
            try {
                Address.parse((String) address);
            } catch (AddressFormatException e) {
                message.fail(BusError.BAD_ADDRESS.code(), e.getMessage());
                return;
            }
        }
        if (stopping) {
            message.fail(BusError.INTERNAL.code(), "the miner is stopping");
            return;
        }
        generateJobs.add(new GenerateJob(message, count, Optional.ofNullable((String) address)));
        if (current != null && currentIsBackground) {
            current.cancel();
        }
        schedule();
    }

    private void tipMoved(JsonObject tip) {
        Hash hash;
        try {
            hash = Hash.fromHex(tip.getString("hash"));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Ignoring a chain.tip without a valid hash: " + tip.encode());
            return;
        }
        latestTip = hash;
        tipChanges++;
        if (current != null && !current.template().header().prevHash().equals(hash)) {
            LOG.fine(() -> "Tip moved to " + hash + "; abandoning the template on " + current.template().header().prevHash());
            current.cancel();
        }
        if (waitingForTip || retryTimer >= 0) {
            waitingForTip = false;
            cancelRetry();
            schedule();
        }
    }

    /** Starts the next piece of work unless one is under way: generate requests first, then the mode's own. */
    private void schedule() {
        if (stopping || busy) {
            return;
        }
        GenerateJob job = generateJobs.peek();
        if (job != null) {
            mineForGenerate(job);
            return;
        }
        if (waitingForTip || retryTimer >= 0) {
            return;
        }
        switch (config.mining().mode()) {
            case CONTINUOUS -> mineInBackground();
            case POOL_FULL -> {
                if (poolCheckDue) {
                    poolCheckDue = false;
                    checkPool();
                }
            }
            case OFF -> { }
        }
    }

    private void checkPool() {
        busy = true;
        vertx.eventBus().<JsonObject>request(bus.of(BusAddresses.CHAIN_MEMPOOL), new JsonObject())
                .onComplete(reply -> {
                    busy = false;
                    if (reply.failed()) {
                        backgroundFailed(reply.cause());
                    } else if (reply.result().body().getInteger("size", 0) >= config.mining().txPoolSize()) {
                        mineInBackground();
                        return;
                    }
                    schedule();
                });
    }

    private void mineInBackground() {
        busy = true;
        long tipChangesBefore = tipChanges;
        mineOne(Optional.empty(), true).onComplete(result -> {
            busy = false;
            if (stopping) {
                return;
            }
            if (result.failed()) {
                if (BusError.of(result.cause()) == BusError.NO_GENESIS) {
                    // A tip published meanwhile means the genesis is there: try again at once.
                    waitingForTip = config.mining().mode() == MiningMode.CONTINUOUS && tipChanges == tipChangesBefore;
                    LOG.fine("No genesis yet; the miner waits for the first chain.tip");
                } else {
                    backgroundFailed(result.cause());
                }
            } else if ("REJECTED".equals(result.result().outcome())) {
                // A chain that refuses our blocks would refuse the next one too: don't spin.
                backgroundFailed(new IllegalStateException("the chain rejected block " + result.result().block().hash()
                        + ": " + result.result().reason()));
            } else {
                retryDelayMs = FIRST_RETRY_DELAY_MS;
                poolCheckDue = true;
            }
            schedule();
        });
    }

    private void backgroundFailed(Throwable cause) {
        LOG.warning(() -> "Mining paused for " + retryDelayMs + " ms: " + cause.getMessage());
        poolCheckDue = true;
        retryTimer = vertx.setTimer(retryDelayMs, id -> {
            retryTimer = -1;
            schedule();
        });
        retryDelayMs = Math.min(2 * retryDelayMs, MAX_RETRY_DELAY_MS);
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
        retryDelayMs = FIRST_RETRY_DELAY_MS;
    }

    private void mineForGenerate(GenerateJob job) {
        busy = true;
        mineOne(job.address, false).onComplete(result -> {
            busy = false;
            if (stopping) {
                return;
            }
            if (result.failed()) {
                generateJobs.remove(job);
                job.request.fail(BusError.of(result.cause()).code(), String.valueOf(result.cause().getMessage()));
            } else if (result.result().connected()) {
                job.hashes.add(result.result().block().hash().toString());
                job.failedSubmissions = 0;
                if (job.hashes.size() == job.blocks) {
                    generateJobs.remove(job);
                    job.request.reply(new JsonObject().put("hashes", new JsonArray(new ArrayList<>(job.hashes))));
                }
            } else if (result.result() != Attempt.STALE && ++job.failedSubmissions >= MAX_SUBMIT_ATTEMPTS) {
                generateJobs.remove(job);
                Attempt last = result.result();
                job.request.fail(BusError.INTERNAL.code(), "block " + last.block().hash() + " was " + last.outcome()
                        + (last.reason() != null ? " (" + last.reason() + ")" : "")
                        + " after " + MAX_SUBMIT_ATTEMPTS + " attempts");
            }
            poolCheckDue = true;
            schedule();
        });
    }

    /** Mines one block paying {@code address} (else the reward address): template, search, submission. */
    private Future<Attempt> mineOne(Optional<String> address, boolean background) {
        return address.map(Future::succeededFuture).orElseGet(this::resolveRewardAddress)
                .compose(payTo -> {
                    long tipChangesBefore = tipChanges;
                    JsonObject request = new JsonObject().put("address", payTo).put("extraNonce", nextExtraNonce());
                    return vertx.eventBus().<Block>request(bus.of(BusAddresses.CHAIN_TEMPLATE), request)
                            .compose(reply -> search(reply.body(), tipChangesBefore, background));
                })
                .compose(solved -> solved.map(this::submit).orElse(Future.succeededFuture(Attempt.STALE)));
    }

    private Future<Optional<Block>> search(Block template, long tipChangesBefore, boolean background) {
        boolean tipMovedMeanwhile = tipChanges != tipChangesBefore && !template.header().prevHash().equals(latestTip);
        if (stopping || tipMovedMeanwhile || (background && !generateJobs.isEmpty())) {
            return Future.succeededFuture(Optional.empty());
        }
        // The debug pace holds the node's own mining; generate, asked for over RPC, runs at full speed.
        Miner.Search search = miner.search(template, background ? pace : HashPace.UNLIMITED);
        current = search;
        currentIsBackground = background;
        return Future.fromCompletionStage(search.result(), context).andThen(result -> {
            current = null;
            if (result.succeeded() && result.result().isPresent()) {
                Block block = result.result().get();
                LOG.info(() -> String.format("Block found at height %d: %s, %,d nonces in %.2f s",
                        block.transactions().get(0).coinbaseHeight().orElse(-1), block.hash(),
                        search.noncesTried(), search.seconds()));
            }
        });
    }

    private Future<Attempt> submit(Block block) {
        return vertx.eventBus().<JsonObject>request(bus.of(BusAddresses.CHAIN_SUBMIT_BLOCK), block)
                .map(reply -> {
                    JsonObject body = reply.body();
                    JsonObject rejection = body.getJsonObject("rejection");
                    Attempt attempt = new Attempt(block, body.getString("outcome"),
                            rejection == null ? null : rejection.getString("code") + ": " + rejection.getString("reason"));
                    if (attempt.connected()) {
                        blocksMined++;
                    } else {
                        LOG.warning(() -> "Mined block " + block.hash() + " was not connected: " + attempt.outcome()
                                + (attempt.reason() != null ? " (" + attempt.reason() + ")" : ""));
                    }
                    return attempt;
                });
    }

    /** The configured reward address, else the wallet's first one (asked once, then kept). */
    private Future<String> resolveRewardAddress() {
        if (rewardAddress != null) {
            return Future.succeededFuture(rewardAddress);
        }
        return vertx.eventBus().<JsonObject>request(bus.of(BusAddresses.WALLET_FIRST_ADDRESS), new JsonObject())
                .map(reply -> {
                    rewardAddress = reply.body().getString("address");
                    LOG.info(() -> "Mining rewards go to the wallet's first address " + rewardAddress);
                    return rewardAddress;
                });
    }

    private String nextExtraNonce() {
        ByteBuffer extra = ByteBuffer.allocate(EXTRA_NONCE_ROLL_BYTES + EXTRA_NONCE_SEQUENCE_BYTES);
        extra.position(EXTRA_NONCE_ROLL_BYTES);
        extra.putLong(templateSequence++);
        return HEX.formatHex(extra.array());
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "minicoin-miner-" + count.incrementAndGet());
            // Search threads never hold the JVM open; stop() ends them on an orderly shutdown.
            thread.setDaemon(true);
            return thread;
        };
    }
}
