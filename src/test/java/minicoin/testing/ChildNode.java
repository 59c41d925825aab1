package minicoin.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import minicoin.node.NodeLauncher;

/**
 * A real node in a JVM of its own, as a user runs it: {@code NodeLauncher -conf FILE} with the heap
 * of {@code scripts/devnet} ({@value #HEAP}) and {@code -XX:+ExitOnOutOfMemoryError}, on loopback
 * ports it picks free, spoken to over JSON-RPC. Its log goes to {@code node.log} beside its data, and
 * is shown only when a test fails on it. A {@link NodeHost} other than {@link NodeHost#LOOPBACK} runs
 * it elsewhere: its own address (and network namespace), RPC over HTTPS.
 *
 * <p>What the hostile-peer tests measure of it: RPC latency while it is attacked, its live heap
 * (after a full collection the test asks for with {@code jcmd}), and its data directory's size.
 */
public final class ChildNode implements AutoCloseable {

    /** The heap {@code scripts/devnet} gives each node, and the bound the attacks are tried against. */
    public static final String HEAP = "-Xmx256m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path dataDir;
    private final Path configFile;
    private final Path log;
    private final int rpcPort;
    private final NodeHost host;
    private final HttpClient http;
    private Process process;
    private int p2pPort = -1;

    private ChildNode(String name, Path dataDir, Path configFile, int rpcPort, NodeHost host) throws Exception {
        this.name = name;
        this.dataDir = dataDir;
        this.configFile = configFile;
        this.log = dataDir.resolveSibling(name + ".log");
        this.rpcPort = rpcPort;
        this.host = host;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (host.tls().isPresent()) {
            client.sslContext(NodeHost.trusting(host.tls().get().ca()));
        }
        this.http = client.build();
    }

    /**
     * Writes the configuration (every role, devnet unless {@code overrides} says otherwise, mining off,
     * no discovery bootstrap; each key of {@code overrides} replaces a whole section) and starts the
     * node, waiting until it answers RPC.
     */
    public static ChildNode start(String name, Path dir, JsonObject overrides, String... jvmOptions) throws Exception {
        return start(name, dir, NodeHost.LOOPBACK, overrides, jvmOptions);
    }

    /**
     * As {@link #start(String, Path, JsonObject, String...)}, on {@code host}: p2p, RPC and discovery on
     * its address (ports picked free in the caller's namespace: a node's own namespace holds only it),
     * RPC over HTTPS when it has TLS, the JVM started under its command prefix.
     */
    public static ChildNode start(String name, Path dir, NodeHost host, JsonObject overrides, String... jvmOptions)
            throws Exception {
        Path dataDir = dir.resolve(name);
        Files.createDirectories(dir);
        int rpcPort = LocalNode.freeTcpPort();
        JsonObject rpc = new JsonObject().put("host", host.address()).put("port", rpcPort).put("token", LocalNode.TOKEN);
        host.tls().ifPresent(tls -> rpc.put("tls", new JsonObject().put("key", tls.key().toString())
                .put("cert", tls.cert().toString())));
        JsonObject config = new JsonObject()
                .put("network", "devnet")
                .put("dataDir", dataDir.toString())
                .put("discovery", new JsonObject().put("host", host.address()).put("port", LocalNode.freeTcpPort()))
                .put("p2p", new JsonObject().put("host", host.address()).put("port", LocalNode.freeTcpPort()))
                .put("rpc", rpc)
                .put("mining", new JsonObject().put("mode", "off"));
        overrides.forEach(entry -> config.put(entry.getKey(), entry.getValue()));
        Path configFile = dir.resolve(name + ".json");
        Files.writeString(configFile, config.encodePrettily());
        ChildNode node = new ChildNode(name, dataDir, configFile, rpcPort, host);
        node.launch(jvmOptions);
        return node;
    }

    /** Starts the node again on the same configuration and data, after {@link #kill} or its own exit. */
    public void restart(String... jvmOptions) throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        launch(jvmOptions);
    }

    private void launch(String... jvmOptions) throws Exception {
        launch(NodeLauncher.class.getName(), jvmOptions);
    }

    /** Starts {@code mainClass} (NodeLauncher, or a test wrapper of it) on this node's configuration. */
    public void launch(String mainClass, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaCommand(), HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC"));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "-conf", configFile.toString()));
        process = new ProcessBuilder(host.command(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " at start; " + logTail());
            }
            try {
                JsonObject network = (JsonObject) rpc("getnetworkinfo");
                JsonObject p2p = network.getJsonObject("p2p");
                p2pPort = p2p == null ? -1 : p2p.getInteger("port");
                return;
            } catch (UncheckedIOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " did not answer RPC within " + START_TIMEOUT.toSeconds() + " s; "
                            + logTail());
                }
                Thread.sleep(100);
            }
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int rpcPort() {
        return rpcPort;
    }

    public int p2pPort() {
        return p2pPort;
    }

    public String p2pAddress() {
        return host.address() + ":" + p2pPort;
    }

    public NodeHost host() {
        return host;
    }

    public Process process() {
        return process;
    }

    /** Calls a JSON-RPC method; an error reply fails with {@link LocalNode.RpcFailure}, no answer with an I/O error. */
    public Object rpc(String method, Object... params) {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", new JsonArray(List.of(params)));
        HttpRequest post = HttpRequest.newBuilder(host.rpcUri(rpcPort))
                .timeout(RPC_TIMEOUT)
                .header("Authorization", "Bearer " + LocalNode.TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + method + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonObject reply = new JsonObject(response.body());
        if (reply.getValue("error") != null) {
            throw new LocalNode.RpcFailure(method, reply.getJsonObject("error"));
        }
        return reply.getValue("result");
    }

    public long blockCount() {
        return ((Number) rpc("getblockcount")).longValue();
    }

    /** How long one {@code getblockcount} takes, in milliseconds. */
    public double rpcMillis() {
        long start = System.nanoTime();
        blockCount();
        return (System.nanoTime() - start) / 1e6;
    }

    /** The heap the node's live objects take: a full collection (asked for with jcmd), then the heap in use. */
    public long liveHeapBytes() throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed on " + name);
        }
        return ((JsonObject) rpc("getmemoryinfo")).getLong("heapUsed");
    }

    /** Bytes of every file under the data directory. */
    public long diskBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }

    /** The last lines of the node's log, for a failure message. */
    public String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException e) {
            return "no log (" + e.getMessage() + ")";
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (an orderly stop), SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
