import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * that plus the one in flight. Checkpoints run every 10 commits, so many kills land inside one.
 * Usage: MinicoinStoreCrash KILLS DIR (compiled against the main project by scripts/storage-crash/run).
 */
public final class MinicoinStoreCrash {

    private static final int ADDED = 2_000;
    private static final int SPENT = 500;
    private static final MapDbChainStore.Options OPTIONS = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(50_000);
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
        String verdict = null;
        for (int kill = 0; kill < kills && verdict == null; kill++) {
            Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                    MinicoinStoreCrash.class.getName(), "0", dir.toString(), "child").redirectErrorStream(true).start();
            AtomicLong acknowledged = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("acked ")) {
                            acknowledged.set(Long.parseLong(line.substring(6)));
                        }
                    }
                } catch (Exception ignored) {
                    // The child was killed: its output simply ends.
                }
            });
            reader.start();
            Thread.sleep(1_000 + random.nextInt(2_000));
            child.destroyForcibly();
            child.waitFor();
            reader.join();
            // A generation file the MANIFEST does not name yet: the kill landed inside a checkpoint.
            if (strayGenerations(dir)) {
                duringCheckpoint++;
            }
            verdict = check(dir, acknowledged.get());
            if (verdict != null) {
                verdict = "CORRUPT after kill " + (kill + 1) + ": " + verdict;
            }
        }
        System.out.println("minicoin journal+generations: " + (verdict != null ? verdict
                : "survived " + kills + " kills (" + duringCheckpoint + " inside a checkpoint), each reopen holding the last"
                        + " acknowledged commit or that plus the one in flight"));
    }

    private static boolean strayGenerations(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(MapDbChainStore.DIRECTORY))) {
            return files.filter(file -> file.getFileName().toString().startsWith("index-")).count() > 1;
        }
    }

    /** Null when the store reopens in time at commit n or n + 1, n being the last the child acknowledged. */
    private static String check(Path dir, long acknowledged) {
        CompletableFuture<String> opened = CompletableFuture.supplyAsync(() -> {
            try (MapDbChainStore store = MapDbChainStore.open(dir, OPTIONS)) {
                long held = lastCommit(store);
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
