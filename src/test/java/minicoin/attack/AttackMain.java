package minicoin.attack;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code scripts/attack [NAME ...]}: issue 11's attacks at the size the issue reports, each against
 * a fresh {@value minicoin.testing.ChildNode#HEAP} node with an honest peer; one line per attack with
 * the target's live heap and disk before and after, its RPC p95 while attacked, and whether it kept
 * following the honest chain. Not part of the test suite (HostileNodeTest runs them scaled down).
 */
public final class AttackMain {

    private AttackMain() {
    }

    private static Map<String, Supplier<Siege.Attack>> attacks() {
        Map<String, Supplier<Siege.Attack>> attacks = new LinkedHashMap<>();
        attacks.put("orphans", () -> Attacks.orphanBlocks(300, 950_000));
        attacks.put("headers", () -> Attacks.lowWorkHeaders(250));
        attacks.put("mempool", () -> Attacks.mempoolFlood(700, 3_500));
        attacks.put("frames", () -> Attacks.stalledFrames(200, Duration.ofSeconds(60)));
        attacks.put("requests", () -> Attacks.requestFlood(100_000));
        // The 20,000 sockets, less what this JVM itself needs under the usual 20,000-descriptor limit.
        attacks.put("rpc-idle", () -> Attacks.idleRpcSockets(19_000, Duration.ofSeconds(5)));
        attacks.put("inbound", () -> Attacks.inboundFromOneAddress(300, lateDir()));
        attacks.put("eclipse", () -> Attacks.discoveryIds(300));
        return attacks;
    }

    private static Path lateDir() {
        try {
            return Files.createTempDirectory("minicoin-attack-late").resolve("late");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, Supplier<Siege.Attack>> all = attacks();
        List<String> chosen = args.length == 0 ? new ArrayList<>(all.keySet()) : List.of(args);
        for (String name : chosen) {
            if (!all.containsKey(name)) {
                System.err.println("attack: unknown attack " + name + "; known: " + String.join(", ", all.keySet()));
                System.exit(2);
            }
        }
        int failed = 0;
        for (String name : chosen) {
            Path dir = Files.createTempDirectory("minicoin-attack-" + name);
            long start = System.nanoTime();
            // Headers need an honest chain longer than a branch; requests one whose answers are large.
            int honestBlocks = name.equals("headers") || name.equals("requests") ? 2_100 : Siege.HONEST_BLOCKS;
            try (Siege siege = Siege.start(dir, new JsonObject(), honestBlocks)) {
                Siege.Outcome outcome = siege.run(name, all.get(name).get());
                System.out.printf("%s (%.0f s)%n", outcome, (System.nanoTime() - start) / 1e9);
            } catch (Exception | AssertionError e) {
                failed++;
                System.out.println(name + ": FAILED: " + e.getMessage());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
