package minicoin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import minicoin.chain.Coin;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * The MapDB engine with a UTXO set of a million coins ({@code scripts/bench checkpoint}): how long
 * the writer stalls while a checkpoint writes a new generation beside it, how long a checkpoint
 * takes, lookups, reopening and bytes on disk.
 */
final class CheckpointBench {

    /** Commits of 10,000 coins while loading: as many as ten full blocks of payments each. */
    private static final int LOAD_BATCH = 10_000;
    /** A block's worth of changes per commit while the checkpoint runs: 1,000 payments, two outputs in, one out. */
    private static final int BLOCK_NEW_COINS = 2_000;
    private static final int BLOCK_SPENT_COINS = 1_000;
    private static final int OWNERS = 10_000;
    private static final int LOOKUPS = 1_000_000;
    /** The writer's longest stall during a checkpoint must stay under this (issue 13). */
    private static final double STALL_TARGET_MS = 100;

    private CheckpointBench() {
    }

    private static OutPoint outPoint(long n) {
        byte[] seed = new byte[8];
        for (int i = 0; i < 8; i++) {
            seed[i] = (byte) (n >>> (8 * i));
        }
        return new OutPoint(Hash.doubleSha256(seed), (int) (n % 3));
    }

    static void run(int coins) throws IOException {
        Path dir = Files.createTempDirectory("minicoin-checkpoint-bench");
        Address[] owners = new Address[OWNERS];
        Random random = new Random(1);
        for (int i = 0; i < OWNERS; i++) {
            byte[] hash160 = new byte[20];
            random.nextBytes(hash160);
            owners[i] = Address.ofHash160(hash160);
        }
        MapDbChainStore.Options manual = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(Long.MAX_VALUE);
        try {
            long next = 0;
            int tailCommits;
            long started = System.nanoTime();
            try (MapDbChainStore store = MapDbChainStore.open(dir, manual)) {
                while (next < coins) {
                    for (int i = 0; i < LOAD_BATCH && next < coins; i++, next++) {
                        store.putCoin(outPoint(next), coin(owners, next));
                    }
                    store.commit();
                }
                double loadSeconds = seconds(started);
                started = System.nanoTime();
                store.checkpoint();
                double firstCheckpoint = seconds(started);
                System.out.printf(Locale.ROOT, "mapdb    %,d coins committed in batches of %,d at %,.0f/s; first checkpoint"
                        + " (all of them from the journal's layer into a new generation) %.2f s%n",
                        coins, LOAD_BATCH, coins / loadSeconds, firstCheckpoint);

                // Block-sized commits without a checkpoint: the baseline latency.
                List<Double> quiet = new ArrayList<>();
                long spend = 0;
                for (int block = 0; block < 50; block++) {
                    quiet.add(blockCommit(store, owners, next, spend));
                    next += BLOCK_NEW_COINS;
                    spend += BLOCK_SPENT_COINS;
                }
                // A checkpoint of the whole set (the generation's million coins merged with these changes).
                List<Double> during = new ArrayList<>();
                started = System.nanoTime();
                store.startCheckpoint();
                double freezeMillis = (System.nanoTime() - started) / 1e6;
                while (store.checkpointRunning()) {
                    during.add(blockCommit(store, owners, next, spend));
                    next += BLOCK_NEW_COINS;
                    spend += BLOCK_SPENT_COINS;
                }
                // The last of them switched to the new generation.
                double switchMillis = during.get(during.size() - 1);
                double checkpointSeconds = seconds(started);
                tailCommits = during.size();
                double[] q = stats(quiet);
                double[] d = stats(during);
                System.out.printf(Locale.ROOT, "mapdb    checkpoint of %,d coins beside the writer: %.2f s; %d block commits"
                        + " (%,d coins in, %,d out) meanwhile: median %.1f ms, longest %.1f ms (target < %.0f ms);"
                        + " without a checkpoint: median %.1f ms, longest %.1f ms; the writer's own checkpoint work:"
                        + " freezing the layer %.2f ms, the commit that switched generations %.1f ms%n",
                        store.coinCount(), checkpointSeconds, during.size(), BLOCK_NEW_COINS, BLOCK_SPENT_COINS,
                        d[0], d[1], STALL_TARGET_MS, q[0], q[1], freezeMillis, switchMillis);

                Random pick = new Random(2);
                long found = 0;
                started = System.nanoTime();
                for (int i = 0; i < LOOKUPS; i++) {
                    found += store.coin(outPoint(spend + (long) (pick.nextDouble() * (coins - spend)))).isPresent() ? 1 : 0;
                }
                double lookupSeconds = seconds(started);
                System.out.printf(Locale.ROOT, "mapdb    random lookups in the generation: %,.0f/s (%,d of %,d found)%n",
                        LOOKUPS / lookupSeconds, found, LOOKUPS);
            }
            started = System.nanoTime();
            long count;
            double reopen;
            try (MapDbChainStore store = MapDbChainStore.open(dir, manual)) {
                store.coin(outPoint(coins - 1));
                reopen = seconds(started);
                count = store.coinCount();
            }
            long generationBytes = sizeOf(dir, "index-");
            System.out.printf(Locale.ROOT, "mapdb    reopen (checksum the generation, replay the journal tail of %d commits, first lookup): %.2f s;"
                    + " disk: generation %,d MB (%.0f bytes a coin with its address index), journal %,d MB,"
                    + " block files %,d MB%n", tailCommits, reopen, generationBytes >> 20, (double) generationBytes / count,
                    sizeOf(dir, "journal-") >> 20, sizeOf(dir, "blocks-") >> 20);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static Coin coin(Address[] owners, long n) {
        return new Coin(new TxOut(n % 5_000, owners[(int) (n % OWNERS)]), n / 1_000, false);
    }

    /** One block's changes and its commit; returns the milliseconds the writer spent in it. */
    private static double blockCommit(MapDbChainStore store, Address[] owners, long next, long spend) {
        long started = System.nanoTime();
        for (int i = 0; i < BLOCK_NEW_COINS; i++) {
            store.putCoin(outPoint(next + i), coin(owners, next + i));
        }
        for (int i = 0; i < BLOCK_SPENT_COINS; i++) {
            store.removeCoin(outPoint(spend + i), coin(owners, spend + i));
        }
        store.commit();
        return (System.nanoTime() - started) / 1e6;
    }

    /** Median and maximum. */
    private static double[] stats(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[sorted.length - 1]};
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static long sizeOf(Path dataDir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve(MapDbChainStore.DIRECTORY))) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
