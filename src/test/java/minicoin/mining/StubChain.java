package minicoin.mining;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.core.Block;
import minicoin.core.BlockRules;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.Rejection;
import minicoin.crypto.Address;

/**
 * Stands in for the chain and wallet workers on the bus: builds templates on its tip with core
 * classes, connects solved blocks that extend the tip (publishing {@code chain.tip}), reports a
 * mempool of a size the test sets, and gives one wallet address. Tests wait on its events.
 */
final class StubChain {

    static final Address WALLET_ADDRESS = MiningFixtures.address("wallet");
    /** Every network's proof-of-work limit is within regtest's, so its rules accept any template bits we use. */
    private static final ConsensusParams RULES = ConsensusParams.REGTEST;

    private final Vertx vertx;
    private final BusAddresses bus = new BusAddresses("minicoin");
    private final List<Block> connected = new ArrayList<>();
    private final List<Hash> templateParents = new ArrayList<>();
    private final List<Block> submitted = new ArrayList<>();
    private final Deque<String> forcedOutcomes = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private Hash tip;
    private long height = -1;
    private long bits;
    private int mempoolSize;
    private int mempoolRequests;
    private int templateRequests;

    private record Waiter(BooleanSupplier condition, CompletableFuture<Void> done) {
    }

    StubChain(Vertx vertx, long bits) {
        this.vertx = vertx;
        this.bits = bits;
        EventBus eventBus = vertx.eventBus();
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.CHAIN_TEMPLATE), message -> {
            Optional<Block> template = template(message.body());
            if (template.isPresent()) {
                message.reply(template.get());
            } else {
                message.fail(BusError.NO_GENESIS.code(), "the chain has no genesis block yet");
            }
            changed();
        });
        eventBus.<Block>consumer(bus.of(BusAddresses.CHAIN_SUBMIT_BLOCK), message -> {
            message.reply(submit(message.body()));
            changed();
        });
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.CHAIN_MEMPOOL), message -> {
            message.reply(mempool());
            changed();
        });
        eventBus.<JsonObject>consumer(bus.of(BusAddresses.WALLET_FIRST_ADDRESS),
                message -> message.reply(new JsonObject().put("address", WALLET_ADDRESS.toString())));
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    BusAddresses bus() {
        return bus;
    }

    /** Moves the tip to a block from elsewhere (or makes a genesis), and publishes {@code chain.tip}. */
    void externalTip(String seed) {
        Hash hash;
        long newHeight;
        synchronized (this) {
            hash = MiningFixtures.hashOf(seed);
            tip = hash;
            newHeight = ++height;
            changed();
        }
        vertx.eventBus().publish(bus.of(BusAddresses.CHAIN_TIP),
                new JsonObject().put("hash", hash.toString()).put("height", newHeight));
    }

    synchronized void setBits(long newBits) {
        bits = newBits;
    }

    synchronized void setMempoolSize(int size) {
        mempoolSize = size;
    }

    /** The next submissions get these outcomes, whatever the blocks. */
    synchronized void forceOutcomes(String... outcomes) {
        forcedOutcomes.addAll(List.of(outcomes));
    }

    synchronized Hash tip() {
        return tip;
    }

    synchronized List<Block> connected() {
        return List.copyOf(connected);
    }

    synchronized List<Block> submitted() {
        return List.copyOf(submitted);
    }

    synchronized List<Hash> templateParents() {
        return List.copyOf(templateParents);
    }

    synchronized int templateRequests() {
        return templateRequests;
    }

    synchronized int mempoolRequests() {
        return mempoolRequests;
    }

    /** Completes once {@code condition} (read under this stub's lock) holds. */
    synchronized CompletableFuture<Void> when(BooleanSupplier condition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (condition.getAsBoolean()) {
            done.complete(null);
        } else {
            waiters.add(new Waiter(condition, done));
        }
        return done;
    }

    private synchronized Optional<Block> template(JsonObject request) {
        templateRequests++;
        try {
            if (tip == null) {
                return Optional.empty();
            }
            templateParents.add(tip);
            Address payTo = Address.parse(request.getString("address"));
            return Optional.of(MiningFixtures.template(tip, height + 1, bits, payTo,
                    Bytes.fromHex(request.getString("extraNonce")), nowSeconds(), List.of()));
        } catch (Exception e) {
            throw new IllegalStateException("bad template request " + request.encode(), e);
        }
    }

    private JsonObject submit(Block block) {
        JsonObject reply = new JsonObject().put("hash", block.hash().toString());
        long newHeight;
        synchronized (this) {
            submitted.add(block);
            String forced = forcedOutcomes.poll();
            Optional<Rejection> rejection = BlockRules.checkContextFree(block, RULES, nowSeconds());
            if (forced != null) {
                reply.put("outcome", forced);
                if (forced.equals("REJECTED")) {
                    reply.put("rejection", new JsonObject().put("code", "HIGH_HASH").put("reason", "forced by the test"));
                }
            } else if (rejection.isPresent()) {
                reply.put("outcome", "REJECTED").put("rejection", new JsonObject()
                        .put("code", rejection.get().code().name()).put("reason", rejection.get().reason()));
            } else if (!block.header().prevHash().equals(tip)) {
                reply.put("outcome", "SIDE_BRANCH");
            }
            if (reply.containsKey("outcome")) {
                return reply;
            }
            connected.add(block);
            tip = block.hash();
            newHeight = ++height;
            mempoolSize = 0;
        }
        vertx.eventBus().publish(bus.of(BusAddresses.CHAIN_TIP),
                new JsonObject().put("hash", block.hash().toString()).put("height", newHeight));
        return reply.put("outcome", "CONNECTED").put("height", newHeight);
    }

    private synchronized JsonObject mempool() {
        mempoolRequests++;
        return new JsonObject().put("txids", new JsonArray()).put("size", mempoolSize).put("bytes", 0);
    }

    /** Wakes the waiters whose condition now holds; called after each reply is sent, so a woken test sees it sent. */
    private synchronized void changed() {
        waiters.removeIf(waiter -> {
            if (waiter.condition().getAsBoolean()) {
                waiter.done().complete(null);
                return true;
            }
            return false;
        });
    }
}
