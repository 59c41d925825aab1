package minicoin.bench;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongUnaryOperator;
import minicoin.core.BlockHeader;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.Signatures;

/**
 * The project's benchmarks, run by {@code scripts/bench}: one line per figure. Each bench warms
 * up, then counts operations over a fixed wall-clock window, on one thread and on every core.
 *
 * <p>Usage: {@code Bench [--openssl-sha256-64 HASHES_PER_SECOND] [--seconds S] [bench ...]}
 * where a bench is {@code nonce}, {@code sign}, {@code verify}, {@code connect}, {@code utxo}, {@code checkpoint},
 * {@code rpc}, {@code mining}, {@code discovery}, {@code propagation}, {@code sync}, {@code cluster} or
 * {@code kdf} (default: all).
 */
public final class Bench {

    private static final double DEFAULT_SECONDS = 3.0;
    /** Twenty blocks of a thousand payments: enough to amortise start-up, short enough to run often. */
    private static final int CONNECT_BLOCKS = 20;
    private static final int CONNECT_TX_PER_BLOCK = 1_000;
    private static final int UTXO_SET_SIZE = 1_000_000;

    /** Runs {@code operations} operations and returns a value so the JIT cannot drop the work. */
    private interface Workload {
        long run(long operations);
    }

    private interface WorkloadFactory {
        Workload create();
    }

    public static void main(String[] args) throws Exception {
        double seconds = DEFAULT_SECONDS;
        double opensslHashesPerSecond = Double.NaN;
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--openssl-sha256-64" -> opensslHashesPerSecond = Double.parseDouble(args[++i]);
                default -> selected.add(args[i]);
            }
        }
        Map<String, WorkloadFactory> benches = new LinkedHashMap<>();
        benches.put("nonce", Bench::nonceSearch);
        benches.put("sign", Bench::sign);
        benches.put("verify", Bench::verify);
        List<String> chainBenches = List.of("connect", "utxo", "checkpoint", "rpc", "mining", "discovery", "propagation",
                "sync", "rebuild", "cluster", "kdf");
        if (selected.isEmpty()) {
            selected.addAll(benches.keySet());
            selected.addAll(chainBenches);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "# java %s, %d cores, %.1f s per figure%n",
                System.getProperty("java.version"), cores, seconds);
        for (String name : selected) {
            if (name.equals("connect")) {
                ChainBench.connect(CONNECT_BLOCKS, CONNECT_TX_PER_BLOCK);
                continue;
            }
            if (name.equals("utxo")) {
                ChainBench.utxoSet(UTXO_SET_SIZE);
                continue;
            }
            if (name.equals("checkpoint")) {
                CheckpointBench.run(UTXO_SET_SIZE);
                continue;
            }
            if (name.equals("rpc")) {
                NodeBench.rpc(seconds);
                continue;
            }
            if (name.equals("mining")) {
                NodeBench.mining(seconds);
                continue;
            }
            if (name.equals("discovery")) {
                DiscoveryBench.convergence();
                continue;
            }
            if (name.equals("propagation")) {
                PropagationBench.run();
                continue;
            }
            if (name.equals("rebuild")) {
                // -Dminicoin.bench.rebuildBlocks=2000 rebuilds a set of a million coins (some 8 minutes).
                SyncBench.rebuild(Integer.getInteger("minicoin.bench.rebuildBlocks", 150));
                continue;
            }
            if (name.equals("sync")) {
                SyncBench.run();
                continue;
            }
            if (name.equals("cluster")) {
                ClusterBench.run(seconds);
                continue;
            }
            if (name.equals("kdf")) {
                WalletBench.kdf();
                continue;
            }
            WorkloadFactory factory = benches.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown bench '" + name + "'; known: " + benches.keySet() + " " + chainBenches);
            }
            double perThread = measure(factory, 1, seconds);
            double allCores = measure(factory, cores, seconds);
            String unit = switch (name) {
                case "nonce" -> "nonces/s";
                case "sign" -> "signatures/s";
                default -> "verifications/s";
            };
            String line = String.format(Locale.ROOT, "%-8s %,14.0f %s per thread   %,14.0f %s on %d threads",
                    name, perThread, unit, allCores, unit, cores);
            if (name.equals("nonce") && !Double.isNaN(opensslHashesPerSecond)) {
                line += String.format(Locale.ROOT, "   openssl sha256 64-byte %,.0f hashes/s per thread, ratio %.2f",
                        opensslHashesPerSecond, perThread / opensslHashesPerSecond);
            }
            System.out.println(line);
        }
    }

    /** Operations per second over all {@code threads}, after one warm-up window. */
    private static double measure(WorkloadFactory factory, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Workload workload = factory.create();
                results.add(pool.submit(() -> {
                    timed(workload, seconds / 2);
                    return timed(workload, seconds);
                }));
            }
            double total = 0;
            for (Future<long[]> result : results) {
                long[] countAndNanos = result.get();
                total += countAndNanos[0] / (countAndNanos[1] / 1e9);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] timed(Workload workload, double seconds) {
        long batch = 1;
        long count = 0;
        long sink = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long now = start;
        while (now < deadline) {
            sink += workload.run(batch);
            count += batch;
            now = System.nanoTime();
            if (now - start < 50_000_000L) {
                batch *= 2;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new long[] {count, now - start};
    }

    /** Nonce search with the midstate, against a target no hash meets, so every nonce is tried. */
    private static Workload nonceSearch() {
        BlockHeader header = new BlockHeader(1, Hash.doubleSha256(new byte[] {1}), Hash.doubleSha256(new byte[] {2}),
                1_700_000_000L, ConsensusParams.MAIN.initialBits(), 0);
        HeaderHasher hasher = new HeaderHasher(header);
        long[] next = {0};
        return operations -> {
            if (next[0] + operations > HeaderHasher.MAX_NONCE) {
                next[0] = 0;
            }
            long found = hasher.search(next[0], operations, BigInteger.ZERO, () -> false);
            next[0] += operations;
            return found;
        };
    }

    private static Workload sign() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        byte[] message = new byte[32];
        return operations -> {
            long sink = 0;
            for (long i = 0; i < operations; i++) {
                message[0] = (byte) i;
                message[1] = (byte) (i >>> 8);
                sink += key.sign(message)[5];
            }
            return sink;
        };
    }

    /** Verifies a ring of 256 distinct good signatures. */
    private static Workload verify() {
        SecureRandom random = new SecureRandom();
        int ring = 256;
        byte[][] keys = new byte[ring][];
        byte[][] messages = new byte[ring][];
        byte[][] signatures = new byte[ring][];
        for (int i = 0; i < ring; i++) {
            PrivateKey key = PrivateKey.generate(random);
            keys[i] = key.publicKey().toBytes();
            messages[i] = Hashes.sha256(new byte[] {(byte) i});
            signatures[i] = key.sign(messages[i]);
        }
        LongUnaryOperator check = i -> {
            int k = (int) (i % ring);
            if (!Signatures.verify(keys[k], messages[k], signatures[k])) {
                throw new IllegalStateException("a good signature failed to verify");
            }
            return 1;
        };
        long[] position = {0};
        return operations -> {
            long sink = 0;
            for (long i = 0; i < operations; i++) {
                sink += check.applyAsLong(position[0]++);
            }
            return sink;
        };
    }
}
