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
    /** Enough coins that a generation's fixed overhead is lost in the figure. */
    private static final int DUST_COINS = 250_000;
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
                store.checkpoint();
            }
            long generationBytes = sizeOf(dir, "index-");
            System.out.printf(Locale.ROOT, "mapdb    reopen (checksum the generation, replay the journal tail of %d commits, first lookup): %.2f s;"
                    + " disk: generation %,d MB (%.1f bytes a coin with its address index), journal %,d MB,"
                    + " block files %,d MB%n", tailCommits, reopen, generationBytes >> 20, (double) generationBytes / count,
                    sizeOf(dir, "journal-") >> 20, sizeOf(dir, "blocks-") >> 20);
            started = System.nanoTime();
            try (MapDbChainStore store = MapDbChainStore.open(dir, manual)) {
                store.coin(outPoint(coins - 1));
                System.out.printf(Locale.ROOT, "mapdb    clean reopen (journal empty after a checkpoint; checksum, open, first lookup)"
                        + " of %,d coins: %.3f s%n", store.coinCount(), seconds(started));
            }
            reopenAfterKill(dir, 10L * coins, coins / 2);
        } finally {
            delete(dir);
        }
        dust(DUST_COINS, owners);
    }

    /**
     * A child JVM commits block-sized commits into the store until just before a checkpoint is due,
     * then is killed (SIGKILL); the reopen replays that whole journal tail.
     */
    private static void reopenAfterKill(Path dir, long next, long spend) throws IOException {
        Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                JournalTailChild.class.getName(), dir.toString(), Long.toString(next), Long.toString(spend))
                .redirectErrorStream(true).start();
        String ready;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            ready = out.readLine();
            child.destroyForcibly();
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        long journalBytes = sizeOf(dir, "journal-");
        long started = System.nanoTime();
        try (MapDbChainStore store = MapDbChainStore.open(dir, MapDbChainStore.Options.DEFAULTS)) {
            store.coin(outPoint(next));
            System.out.printf(Locale.ROOT, "mapdb    reopen after kill -9 of a child that committed until a checkpoint was"
                    + " due (%s; journal %,d MB): %.2f s, %,d coins%n", ready, journalBytes >> 20, seconds(started),
                    store.coinCount());
        }
    }

    /** Bytes a coin for zero-value outputs, each to its own address (the spam case that cost ~196 B in SQLite). */
    private static void dust(int coins, Address[] owners) throws IOException {
        Path dir = Files.createTempDirectory("minicoin-dust-bench");
        try {
            Random random = new Random(3);
            MapDbChainStore.Options manual = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(Long.MAX_VALUE);
            try (MapDbChainStore store = MapDbChainStore.open(dir, manual)) {
                for (long n = 0; n < coins; n++) {
                    byte[] hash160 = new byte[20];
                    random.nextBytes(hash160);
                    store.putCoin(outPoint(n), new Coin(new TxOut(0, Address.ofHash160(hash160)), 800_000, false));
                    if (n % LOAD_BATCH == LOAD_BATCH - 1) {
                        store.commit();
                    }
                }
                store.commit();
                store.checkpoint();
            }
            long zeroBytes = sizeOf(dir, "index-");
            delete(dir);
            Files.createDirectories(dir);
            try (MapDbChainStore store = MapDbChainStore.open(dir, manual)) {
                for (long n = 0; n < coins; n++) {
                    store.putCoin(outPoint(n), coin(owners, n));
                    if (n % LOAD_BATCH == LOAD_BATCH - 1) {
                        store.commit();
                    }
                }
                store.commit();
                store.checkpoint();
            }
            System.out.printf(Locale.ROOT, "mapdb    generation of %,d coins with their address index: zero-value outputs to"
                    + " distinct addresses %.1f bytes a coin; ordinary outputs (%,d owners) %.1f bytes a coin%n", coins,
                    (double) zeroBytes / coins, OWNERS, (double) sizeOf(dir, "index-") / coins);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
        }
    }

    /** The child of {@link #reopenAfterKill}: commits until one commit short of a checkpoint, says so, waits to be killed. */
    static final class JournalTailChild {

        private JournalTailChild() {
        }

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            long next = Long.parseLong(args[1]);
            long spend = Long.parseLong(args[2]);
            Address[] owners = new Address[OWNERS];
            Random random = new Random(1);
            for (int i = 0; i < OWNERS; i++) {
                byte[] hash160 = new byte[20];
                random.nextBytes(hash160);
                owners[i] = Address.ofHash160(hash160);
            }
            // Each block commit changes 2 entries a coin made and 2 a coin spent.
            long entriesPerCommit = 2L * (BLOCK_NEW_COINS + BLOCK_SPENT_COINS);
            long commits = (MapDbChainStore.CHECKPOINT_ENTRIES - 1) / entriesPerCommit;
            MapDbChainStore store = MapDbChainStore.open(dir, MapDbChainStore.Options.DEFAULTS);
            for (long c = 0; c < commits; c++) {
                blockCommit(store, owners, next, spend);
                next += BLOCK_NEW_COINS;
                spend += BLOCK_SPENT_COINS;
            }
            System.out.printf(Locale.ROOT, "%d commits, %,d entries in the tail%n", commits, commits * entriesPerCommit);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
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
