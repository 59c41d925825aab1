package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import minicoin.chain.MemoryChainStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic fault injection: a child JVM halts right after the N-th write, force, rename,
 * delete or directory sync of the store's files, while it commits, checkpoints and commits again.
 * N is swept over every operation of that sequence (or a dense sample with both ends). Each
 * reopen must hold exactly the last acknowledged commit, or that plus the one in flight, must open
 * in bounded time (a corrupt B-tree can loop forever), and must go on committing.
 */
class FaultInjectionTest {

    /** Commits made before the swept sequence: a generation with a journal tail after it. */
    private static final int SETUP_COMMITS = 10;
    private static final int FIRST_SWEPT = SETUP_COMMITS + 1;
    /** Enough runs to hit every operation of the sequence as it is today (about 30); more are sampled. */
    private static final int MAX_RUNS = 40;
    /** Reopening a store of this size takes well under a second; ten means it hangs. */
    private static final Duration REOPEN_LIMIT = Duration.ofSeconds(10);
    private static final long CHILD_LIMIT_SECONDS = 60;

    /** Held so the level sticks: every reopen after a halt in a checkpoint removes a stray generation, at INFO. */
    private static final Logger STORE_LOG = Logger.getLogger(MapDbChainStore.class.getName());

    @TempDir
    Path workDir;

    @Test
    void aHaltAfterAnyWriteOrForceOfACommitOrCheckpointLosesNothingAcknowledged() throws Exception {
        Level level = STORE_LOG.getLevel();
        STORE_LOG.setLevel(Level.WARNING);
        try {
            sweep();
        } finally {
            STORE_LOG.setLevel(level);
        }
    }

    private void sweep() throws Exception {
        List<FaultWorkload.Snapshot> expected = new ArrayList<>();
        try (MemoryChainStore reference = new MemoryChainStore()) {
            expected.add(FaultWorkload.snapshot(reference));
            for (int k = 1; k <= FaultWorkload.LAST_COMMIT; k++) {
                FaultWorkload.commit(reference, k);
                expected.add(FaultWorkload.snapshot(reference));
            }
        }
        Path template = workDir.resolve("template");
        try (MapDbChainStore store = MapDbChainStore.open(template, FaultWorkload.OPTIONS)) {
            for (int k = 1; k <= SETUP_COMMITS - 2; k++) {
                FaultWorkload.commit(store, k);
            }
            store.checkpoint();
            FaultWorkload.commit(store, SETUP_COMMITS - 1);
            FaultWorkload.commit(store, SETUP_COMMITS);
        }

        List<String> dryRun = runChild(copy(template, workDir.resolve("dry")), 0);
        String opsLine = dryRun.stream().filter(line -> line.startsWith("ops ")).findFirst()
                .orElseThrow(() -> new AssertionError("the dry run does not finish: " + dryRun));
        long total = Long.parseLong(opsLine.substring(4));
        assertTrue(total >= 20, "a commit, a checkpoint and a commit take more than 20 file operations: " + total);

        int runs = 0;
        for (long n : sample(total)) {
            Path dataDir = copy(template, workDir.resolve("run" + n));
            List<String> output = runChild(dataDir, n);
            assertTrue(output.stream().anyMatch(line -> line.startsWith("halt after")),
                    "the child halts at operation " + n + " of " + total + ": " + output);
            int acknowledged = SETUP_COMMITS;
            for (String line : output) {
                if (line.startsWith("ack ")) {
                    acknowledged = Integer.parseInt(line.substring(4));
                }
            }
            int lastAck = acknowledged;
            String at = "halted after operation " + n + " of " + total + " (" + output.get(output.size() - 1)
                    + "), last acknowledged commit " + lastAck;
            int held = assertTimeoutPreemptively(REOPEN_LIMIT, () -> {
                try (MapDbChainStore store = MapDbChainStore.open(dataDir, FaultWorkload.OPTIONS)) {
                    FaultWorkload.Snapshot state = FaultWorkload.snapshot(store);
                    int commits = state.equals(expected.get(lastAck)) ? lastAck
                            : state.equals(expected.get(lastAck + 1)) ? lastAck + 1 : -1;
                    if (commits < 0) {
                        fail(at + ": the store holds neither that state nor the next:\n" + state
                                + "\nexpected\n" + expected.get(lastAck));
                    }
                    FaultWorkload.commit(store, commits + 1);
                    return commits;
                }
            }, at + ": reopening hangs");
            assertTimeoutPreemptively(REOPEN_LIMIT, () -> {
                try (MapDbChainStore store = MapDbChainStore.open(dataDir, FaultWorkload.OPTIONS)) {
                    assertEquals(expected.get(held + 1), FaultWorkload.snapshot(store), at + ": a commit after recovery");
                }
            }, at + ": the second reopen hangs");
            runs++;
        }
        assertEquals(Math.min(total, MAX_RUNS), runs);
    }

    /** Every N from 1 to {@code total} when there are few; else evenly spread, both ends included. */
    private static List<Long> sample(long total) {
        List<Long> points = new ArrayList<>();
        if (total <= MAX_RUNS) {
            for (long n = 1; n <= total; n++) {
                points.add(n);
            }
            return points;
        }
        for (int i = 0; i < MAX_RUNS; i++) {
            points.add(1 + Math.round((double) i * (total - 1) / (MAX_RUNS - 1)));
        }
        return points;
    }

    private List<String> runChild(Path dataDir, long haltAfter) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = workDir.resolve("child-" + haltAfter + ".log");
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FaultInjectionChild.class.getName(),
                dataDir.toString(), Long.toString(haltAfter), Integer.toString(FIRST_SWEPT))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(CHILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child with N = " + haltAfter + " did not finish: " + Files.readAllLines(log));
        }
        return Files.readAllLines(log);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
