package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import minicoin.testing.ChildNode;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures as a user meets them: the real launcher in a JVM of its own, on loopback ports
 * this test takes first. Each ends with one sentence on stderr, no stack trace, its exit code, and no
 * new file left behind.
 */
class StartupErrorsTest {

    private static final long EXIT_TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    /** A finished launcher run. */
    private record Run(int exitCode, String stdout, String stderr) {

        String lastLine() {
            List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        void assertNoStackTrace() {
            assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), "a stack trace:\n" + stderr);
        }
    }

    @Test
    void aTakenP2pPortIsNamedWithItsProtocolAndTheFreshDataDirIsRemoved() throws Exception {
        Path dataDir = dir.resolve("fresh");
        try (ServerSocket taken = takeTcp()) {
            int port = taken.getLocalPort();
            Run run = launch(config(dataDir).put("p2p", listener(port)), List.of());

            assertEquals(ExitCode.PORT_UNAVAILABLE.code(), run.exitCode(), run.stderr());
            assertTrue(run.lastLine().startsWith("minicoin: p2p.port " + port + "/tcp is in use on 127.0.0.1"), run.stderr());
            run.assertNoStackTrace();
            assertFalse(Files.exists(dataDir), "the data directory this start created is left behind");
        }
    }

    @Test
    void aTakenDiscoveryPortIsUdpAndAnExistingDataDirKeepsWhatItHad() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("kept"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dataDir.resolve("notes.txt"), "mine");
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            Run run = launch(config(dataDir).put("discovery", listener(port)), List.of());

            assertEquals(ExitCode.PORT_UNAVAILABLE.code(), run.exitCode(), run.stderr());
            assertTrue(run.lastLine().startsWith("minicoin: discovery.port " + port + "/udp is in use on 127.0.0.1"),
                    run.stderr());
            run.assertNoStackTrace();
            assertEquals(Set.of("notes.txt"), entries(dataDir), "only what the directory held before may remain");
            assertEquals("mine", Files.readString(dataDir.resolve("notes.txt")));
        }
    }

    @Test
    void aFailedRestartLeavesADataDirWithAChainAsItWas() throws Exception {
        ChildNode node = ChildNode.start("chained", dir, new JsonObject().put("network", "regtest"));
        node.rpc("creategenesis");
        node.rpc("generate", 3);
        node.close();
        // The launcher's log set-up keeps the lines of an orderly stop (NodeLogManager must be the manager).
        String log = Files.readString(dir.resolve("chained.log"));
        assertTrue(log.contains("Chain store closed") && log.contains("Minicoin node stopped"), log);
        Set<String> before = entries(node.dataDir());
        try (ServerSocket taken = takeTcp()) {
            Run run = launch(config(node.dataDir()).put("p2p", listener(taken.getLocalPort())), List.of());

            assertEquals(ExitCode.PORT_UNAVAILABLE.code(), run.exitCode(), run.stderr());
            assertEquals(before, entries(node.dataDir()));
        }
        node.restart();
        try (node) {
            assertEquals(3, node.blockCount(), node.logTail());
        }
    }

    @Test
    void aTakenRpcPortIsNamed() throws Exception {
        try (ServerSocket taken = takeTcp()) {
            int port = taken.getLocalPort();
            Run run = launch(config(dir.resolve("rpc")).put("rpc", listener(port).put("token", LocalNode.TOKEN)), List.of());

            assertEquals(ExitCode.PORT_UNAVAILABLE.code(), run.exitCode(), run.stderr());
            assertTrue(run.lastLine().startsWith("minicoin: rpc.port " + port + "/tcp is in use on 127.0.0.1"), run.stderr());
            run.assertNoStackTrace();
        }
    }

    @Test
    void aTakenClusterEventBusPortIsNamed() throws Exception {
        try (ServerSocket taken = takeTcp()) {
            int port = taken.getLocalPort();
            JsonObject cluster = new JsonObject().put("host", "127.0.0.1").put("port", LocalNode.freeTcpPort())
                    .put("eventBusPort", port);
            Run run = launch(config(dir.resolve("clustered")).put("cluster", cluster), List.of("-cluster"));

            assertEquals(ExitCode.PORT_UNAVAILABLE.code(), run.exitCode(), run.stderr());
            assertTrue(run.lastLine().startsWith("minicoin: cluster.eventBusPort " + port + "/tcp is in use on 127.0.0.1"),
                    run.stderr());
            run.assertNoStackTrace();
            assertFalse(Files.exists(dir.resolve("clustered")));
            // Hazelcast started before the event bus failed: its warnings that do not concern a user, and its
            // INFO chatter, are quiet (logging.properties says why).
            for (String quiet : List.of("UNSAFE mode", "modular environment", "Copyright", "Jet engine", "HealthMonitor")) {
                assertFalse(run.stderr().contains(quiet), quiet + " in:\n" + run.stderr());
            }
        }
    }

    @Test
    void aLockedDataDirNamesTheProcessThatHoldsItAndIsLeftAlone() throws Exception {
        try (ChildNode first = ChildNode.start("first", dir, new JsonObject().put("network", "regtest"))) {
            Set<String> before = entries(first.dataDir());

            Run run = launch(config(first.dataDir()), List.of());

            assertEquals(ExitCode.IN_USE.code(), run.exitCode(), run.stderr());
            assertTrue(run.lastLine().contains("is in use by another Minicoin node"), run.stderr());
            assertTrue(run.lastLine().contains("process " + first.process().pid()), run.stderr());
            run.assertNoStackTrace();
            assertEquals(before, entries(first.dataDir()), "the running node's files were touched");
            assertTrue(first.rpc("getnetworkinfo") instanceof JsonObject, "the running node still answers");
        }
    }

    @Test
    void helpIsMinicoinsOwnAndExitsZero() throws Exception {
        Run run = launchArgs(List.of("--help"));

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("Usage: scripts/node [OPTIONS]"), run.stdout());
        assertTrue(run.stdout().contains("-cluster-port PORT") && run.stdout().contains(NodeUsage.CONFIG_REFERENCE),
                run.stdout());
        assertFalse(run.stdout().contains("-instances") || run.stdout().contains("mainVerticle")
                || run.stdout().contains("\u001b["), run.stdout());
    }

    @Test
    void vertxsOwnOptionsAreRefusedAsABadCommandLine() throws Exception {
        Run run = launchArgs(List.of("-instances", "2"));

        assertEquals(ExitCode.CONFIG.code(), run.exitCode(), run.stderr());
        assertEquals("minicoin: unknown option -instances; --help lists the options a node takes", run.lastLine());
        assertEquals("", run.stdout(), "no usage of Vert.x's");
    }

    /**
     * scripts/node as a user runs it, building first: Maven's colour codes (Debian's Maven 3.8 writes
     * ESC[0m even with -q -B) must not reach the user. A stand-in mvn prints them and makes the jar; a
     * stand-in java shows the command the script runs.
     */
    @Test
    void scriptsNodeWritesNoColourCodes() throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(Path.of("scripts/node"), root.resolve("scripts/node"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("src"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/bin/sh\nprintf '\\033[0m\\033[1mBUILD\\033[0m\\n'; printf '\\033[0m' >&2\n"
                + "mkdir -p target && touch target/node.jar\n");
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");

        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/node").toString(), "--help").directory(root.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Run run = finish(builder.start());

        assertEquals(0, run.exitCode(), run.stderr());
        String all = run.stdout() + run.stderr();
        assertFalse(all.contains("\u001b"), "colour codes in: " + all.replace("\u001b", "ESC"));
        assertTrue(run.stderr().contains("scripts/node: building target/node.jar") && run.stderr().contains("BUILD"),
                run.stderr());
        assertTrue(run.stdout().contains("-jar target/node.jar -conf config.json --help"), run.stdout());
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static ServerSocket takeTcp() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static JsonObject listener(int port) {
        return new JsonObject().put("host", "127.0.0.1").put("port", port);
    }

    /** Regtest, every role, loopback, every port free unless the test takes one, mining off. */
    private static JsonObject config(Path dataDir) throws IOException {
        return new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dataDir.toString())
                .put("discovery", listener(0))
                .put("p2p", listener(0))
                .put("rpc", listener(LocalNode.freeTcpPort()).put("token", LocalNode.TOKEN))
                .put("mining", new JsonObject().put("mode", "off"));
    }

    private static Set<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private Run launch(JsonObject config, List<String> options) throws Exception {
        Path file = Files.createTempFile(dir, "node", ".json");
        Files.writeString(file, config.encodePrettily());
        List<String> args = new ArrayList<>(List.of("-conf", file.toString()));
        args.addAll(options);
        return launchArgs(args);
    }

    private static Run launchArgs(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(Arrays.asList(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), ChildNode.HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), NodeLauncher.class.getName()));
        command.addAll(args);
        return finish(new ProcessBuilder(command).start());
    }

    private static Run finish(Process process) throws Exception {
        process.getOutputStream().close();
        // Read both streams while it runs, so a full pipe cannot stall it.
        var stdout = new java.util.concurrent.CompletableFuture<String>();
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        daemon(() -> stdout.complete(read(process.getInputStream())));
        daemon(() -> stderr.complete(read(process.getErrorStream())));
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the launcher did not exit within " + EXIT_TIMEOUT_SECONDS + " s; stderr so far:\n"
                    + stderr.getNow(""));
        }
        return new Run(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "startup-errors-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
