import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import minicoin.chain.Coin;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * The same kill loop as StorageCrash, against the chain's own store (MapDbChainStore: redo journal
 * and immutable MapDB generations). Commit k adds 2,000 coins and spends 500 of commit k-1; the
 * child prints each commit number once commit() returned. After each SIGKILL the store must reopen
 * (within 10 s: a corrupt B-tree can loop forever) holding exactly the last acknowledged commit, or
 * that plus the one in flight. Checkpoints run every other commit, so many kills land inside one.
 * Usage: MinicoinStoreCrash KILLS DIR (compiled against the main project by scripts/storage-crash/run).
 */
public final class MinicoinStoreCrash {

    private static final int ADDED = 2_000;
    private static final int SPENT = 500;
    private static final MapDbChainStore.Options OPTIONS = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(10_000);
    private static final Address OWNER = Address.ofHash160(new byte[20]);

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args.length > 2 && args[2].equals("child")) {
            child(dir);
            return;
        }
        int kills = Integer.parseInt(args[0]);
        Files.createDirectories(dir);
        Random random = new Random();
        int duringCheckpoint = 0;
        long[] held = {0};
        String verdict = null;
        for (int kill = 0; kill < kills && verdict == null; kill++) {
            Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                    MinicoinStoreCrash.class.getName(), "0", dir.toString(), "child")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong acknowledged = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    // Only "acked N" lines are on stdout (the child's log goes to stderr, discarded).
                    for (String line; (line = out.readLine()) != null; ) {
                        acknowledged.set(Long.parseLong(line.substring("acked ".length())));
                    }
                } catch (java.io.IOException e) {
                    // The child was killed: its output simply ends.
                } catch (RuntimeException e) {
                    acknowledged.set(Long.MIN_VALUE);
                }
            });
            reader.start();
            Thread.sleep(1_500 + random.nextInt(3_000));
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // child's stdout and drop the "acked" lines still in the pipe.
            child.toHandle().destroyForcibly();
            child.waitFor();
            reader.join();
            Set<String> generationsBefore = generations(dir);
            // A child killed before its first commit returned leaves the state the last check found.
            long acked = Math.max(acknowledged.get(), held[0]);
            verdict = acknowledged.get() == Long.MIN_VALUE ? "the child wrote a line that is not \"acked N\""
                    : check(dir, acked, held);
            if (verdict != null) {
                verdict = "CORRUPT after kill " + (kill + 1) + ": " + verdict;
            }
            // The reopen deleted a generation file the MANIFEST did not name: the kill landed inside a
            // checkpoint (before its MANIFEST switch) or between the switch and the old file's deletion.
            if (!generations(dir).containsAll(generationsBefore)) {
                duringCheckpoint++;
            }
        }
        System.out.println("minicoin journal+generations: " + (verdict != null ? verdict
                : "survived " + kills + " kills (" + duringCheckpoint + " inside a checkpoint or its switch), each reopen holding the last"
                        + " acknowledged commit or that plus the one in flight"));
    }

    private static Set<String> generations(Path dir) throws java.io.IOException {
        Path chain = dir.resolve(MapDbChainStore.DIRECTORY);
        if (!Files.exists(chain)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(chain)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("index-"))
                    .collect(Collectors.toSet());
        }
    }

    /** Null when the store reopens in time at commit n or n + 1, n being the last the child acknowledged. */
    private static String check(Path dir, long acknowledged, long[] heldOut) {
        CompletableFuture<String> opened = CompletableFuture.supplyAsync(() -> {
            try (MapDbChainStore store = MapDbChainStore.open(dir, OPTIONS)) {
                long held = lastCommit(store);
                heldOut[0] = held;
                if (held != acknowledged && held != acknowledged + 1) {
                    return "holds commit " + held + " but commit " + acknowledged + " was acknowledged";
                }
                long expected = held == 0 ? 0 : ADDED * held - SPENT * (held - 1);
                if (store.coinCount() != expected) {
                    return store.coinCount() + " coins at commit " + held + ", expected " + expected;
                }
                long[] counted = {0};
                store.forEachCoin(utxo -> counted[0]++);
                return counted[0] == expected ? null : counted[0] + " coins iterated, expected " + expected;
            } catch (RuntimeException e) {
                return e.toString();
            }
        });
        try {
            return opened.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "reopen did not finish within 10 s (" + e + ")";
        }
    }

    private static OutPoint outPoint(long commit, int index) {
        return new OutPoint(Hash.doubleSha256(ByteBuffer.allocate(8).putLong(commit).array()), index);
    }

    /** The last commit whose never-spent marker coin (index ADDED - 1) is there. */
    private static long lastCommit(MapDbChainStore store) {
        long k = 0;
        while (store.coin(outPoint(k + 1, ADDED - 1)).isPresent()) {
            k++;
        }
        return k;
    }

    private static void child(Path dir) {
        MapDbChainStore store = MapDbChainStore.open(dir, OPTIONS);
        Coin coin = new Coin(new TxOut(1_000, OWNER), 1, false);
        for (long k = lastCommit(store) + 1; ; k++) {
            for (int i = 0; i < ADDED; i++) {
                store.putCoin(outPoint(k, i), coin);
            }
            for (int i = 0; k > 1 && i < SPENT; i++) {
                store.removeCoin(outPoint(k - 1, i), coin);
            }
            store.commit();
            System.out.println("acked " + k);
        }
    }
}
