package minicoin.node;

import com.hazelcast.cluster.Cluster;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.LogManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import minicoin.bus.BusAddresses;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import minicoin.rpc.monitor.MonitorRoutes;

/**
 * The jar's main class: {@code java -jar node.jar [-conf config.json] [-cluster] ...}.
 *
 * <p>Before Vert.x starts it sets up one-line logging and refuses a {@code -conf} that does not
 * name a readable, valid configuration, with one line on stderr and exit code 2. The stock
 * launcher would only log a warning for a wrong path and deploy with an empty configuration,
 * that is, silently run on defaults.
 *
 * <p>The Vert.x launcher itself is {@link Application}, a nested subclass of
 * {@link VertxApplication}. It is nested, not this class's superclass, because a superclass is
 * initialised before {@code main} runs, and VertxApplication's static logger would start
 * java.util.logging before {@link NodeLogManager} could be installed.
 */
public final class NodeLauncher {

    /** The launcher's own "bad command line" code, also used for a bad configuration file. */
    static final int EXIT_BAD_CONFIG = ExitCode.CONFIG.code();
    /** How long a failed start waits for Vert.x to close (and the stores with it) before it cleans up and exits. */
    static final long CLOSE_AFTER_FAILURE_MILLIS = 30_000;

    /**
     * The loggers that report a start-up failure with its stack trace: Vert.x's launcher (a deployment),
     * and Vert.x itself (a cluster that could not start). Held here: java.util.logging keeps loggers
     * weakly, and a collected one would lose its filter. A holder class, so that they are made only when
     * {@link #configureLogging} asks, after it has chosen the log manager: a logger made while this class
     * initialises would start java.util.logging with the JDK's manager, which drops the lines logged at stop.
     */
    private static final class FailureLoggers {
        static final List<java.util.logging.Logger> ALL = List.of(
                java.util.logging.Logger.getLogger(VertxApplication.class.getName()),
                java.util.logging.Logger.getLogger("io.vertx.core.impl.VertxImpl"));
    }

    private static final String LOGGING_RESOURCE = "/logging.properties";
    private static final Pattern PARSER_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

    /** How long the front ends get to stop before Vert.x stops everything regardless. */
    static final long QUIESCE_TIMEOUT_MILLIS = 10_000;

    private NodeLauncher() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (NodeUsage.wantsHelp(arguments)) {
            System.out.print(NodeUsage.text());
            System.out.flush();
            System.exit(ExitCode.OK.code());
        }
        configureLogging();
        // A start-up failure of known cause is told as one sentence (Application.failed); Vert.x would add it
        // again with a stack trace.
        FailureLoggers.ALL.forEach(logger -> logger.setFilter(record -> record.getThrown() == null
                || !isKnownFailure(record.getThrown())));
        Optional<String> problem = NodeUsage.checkArguments(arguments).or(() -> checkConfigArgument(arguments));
        if (problem.isPresent()) {
            System.err.println("minicoin: " + problem.get());
            System.exit(EXIT_BAD_CONFIG);
        }
        warnUnlessExitOnOutOfMemory();
        Application application = new Application(args);
        int launcherCode = application.launch();
        if (launcherCode != 0) {
            ExitCode exit = application.failed(launcherCode);
            System.exit(exit.code());
        }
    }

    /**
     * A JVM that runs out of memory without {@code -XX:+ExitOnOutOfMemoryError} keeps running with
     * dead threads (an event loop, the acceptor) and ignores SIGTERM; with it, it exits with code 3
     * and a supervisor can restart it on intact data. The flag cannot be set from inside the JVM, so
     * the scripts pass it, and a node started without it says so once.
     */
    private static void warnUnlessExitOnOutOfMemory() {
        if (!exitsOnOutOfMemory()) {
            System.getLogger(NodeLauncher.class.getName()).log(System.Logger.Level.WARNING,
                    "This JVM runs without -XX:+ExitOnOutOfMemoryError: out of memory, it would hang instead of"
                            + " exiting; start it with java -XX:+ExitOnOutOfMemoryError -jar node.jar (scripts/node does)");
        }
    }

    static boolean exitsOnOutOfMemory() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("ExitOnOutOfMemoryError").getValue());
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }

    /**
     * Checks every {@code -conf} the launcher would read ({@code -conf X}, {@code --conf X},
     * {@code -conf=X}, any case, as the launcher's parser accepts). Like the launcher, a value
     * that is not an existing file is taken as inline JSON if it looks like an object.
     *
     * @return a one-line description of the problem, or empty if the configuration is usable
     *     (or no {@code -conf} was given, which means defaults)
     */
    static Optional<String> checkConfigArgument(List<String> args) {
        boolean confGiven = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.toLowerCase(Locale.ROOT);
            String value;
            if (option.equals("-conf") || option.equals("--conf")) {
                if (i + 1 >= args.size()) {
                    return Optional.of(arg + " needs a configuration file");
                }
                value = args.get(++i);
            } else if (option.startsWith("-conf=") || option.startsWith("--conf=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else {
                continue;
            }
            confGiven = true;
            Optional<String> problem = checkConfig(value, args);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return confGiven ? Optional.empty() : checkTls(NodeConfig.defaults(), "the default configuration", args);
    }

    private static Optional<String> checkConfig(String value, List<String> args) {
        String source;
        String text;
        Optional<Path> file = existingFile(value);
        if (file.isPresent()) {
            source = "config file " + value;
            try {
                text = Files.readString(file.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Optional.of("cannot read " + source + ": " + e.getMessage());
            }
        } else if (value.strip().startsWith("{")) {
            source = "inline -conf JSON";
            text = value;
        } else {
            String where = isAbsolute(value) ? "" : " (looked in " + Path.of("").toAbsolutePath() + ")";
            return Optional.of("config file not found: " + value + where);
        }

        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            return Optional.of(source + " is not a valid JSON object: " + describe(e));
        }
        NodeConfig config;
        try {
            config = NodeConfig.fromJson(json);
        } catch (ConfigException e) {
            return Optional.of(source + ": " + e.getMessage());
        }
        return checkTls(config, source, args);
    }

    /**
     * RPC's HTTPS files, and with {@code -cluster} the cluster's TLS: required when other hosts can reach
     * the cluster (the command line's {@code -cluster-host} and {@code -cluster-public-host} count), and
     * its files checked.
     */
    private static Optional<String> checkTls(NodeConfig config, String source, List<String> args) {
        try {
            if (config.hasRole(NodeConfig.Role.RPC)) {
                config.rpc().tls().ifPresent(tls -> TlsFiles.checkServer(tls, Instant.now()));
            }
            if (hasOption(args, "cluster")) {
                ClusterSettings.checkTls(config, optionValue(args, "cluster-host"),
                        optionValue(args, "cluster-public-host"), Instant.now());
            }
        } catch (ConfigException e) {
            return Optional.of(source + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether the command line has {@code -name} or {@code --name}, alone or as {@code -name=value}. */
    static boolean hasOption(List<String> args, String name) {
        return args.stream().map(arg -> arg.toLowerCase(Locale.ROOT)).anyMatch(arg ->
                arg.equals("-" + name) || arg.equals("--" + name)
                        || arg.startsWith("-" + name + "=") || arg.startsWith("--" + name + "="));
    }

    /** The value of {@code -name VALUE} or {@code -name=VALUE} (one or two dashes), the last one given. */
    static Optional<String> optionValue(List<String> args, String name) {
        Optional<String> value = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.toLowerCase(Locale.ROOT);
            if ((option.equals("-" + name) || option.equals("--" + name)) && i + 1 < args.size()) {
                value = Optional.of(args.get(++i));
            } else if (option.startsWith("-" + name + "=") || option.startsWith("--" + name + "=")) {
                value = Optional.of(arg.substring(arg.indexOf('=') + 1));
            }
        }
        return value;
    }

    private static boolean isAbsolute(String value) {
        try {
            return Path.of(value).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Optional<Path> existingFile(String value) {
        try {
            Path path = Path.of(value);
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The parser's first line, plus where it stopped: its message spreads that over several lines. */
    private static String describe(DecodeException e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        Matcher where = PARSER_LOCATION.matcher(message);
        return where.find() ? first + " (line " + where.group(1) + ", column " + where.group(2) + ")" : first;
    }

    /**
     * Must run before anything touches java.util.logging: the log manager class is read once, when
     * logging starts. An operator's own {@code -Djava.util.logging.*} settings win.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", NodeLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = NodeLauncher.class.getResourceAsStream(LOGGING_RESOURCE)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOGGING_RESOURCE, e);
        }
    }

    /** A failure the launcher need not log with its stack trace: one this node tells as a sentence. */
    static boolean isKnownFailure(Throwable thrown) {
        return StartupFailure.known(thrown).isPresent() || thrown instanceof java.net.BindException;
    }

    /**
     * The Vert.x launcher (command line, clustering, shutdown hook), deploying {@link NodeVerticle}.
     * With {@code -cluster} it builds the Hazelcast cluster manager and the event-bus addresses from
     * the configuration's {@code cluster} section ({@link ClusterSettings}); the launcher's own
     * {@code -cluster-host}, {@code -cluster-port} and {@code -cluster-public-host} still win.
     */
    static final class Application extends VertxApplication implements VertxApplicationHooks {

        private final List<String> args;
        private JsonObject config = new JsonObject();
        private HazelcastClusterManager clusterManager;
        private DataDirSnapshot dataDirBefore;
        private volatile Vertx vertx;
        /** Why Vert.x or the node did not start; null if it did, or the launcher gave no cause (a time-out). */
        private volatile Throwable startFailure;
        private volatile boolean clusterFailed;

        Application(String[] args) {
            // Neither Vert.x's usage (main checked the command line, and has a help of its own) nor its exit:
            // main reports a failure once the data directory is as it was.
            super(args, null, false, false);
            this.args = List.of(args);
        }

        @Override
        public JsonObject afterConfigParsed(JsonObject parsed) {
            config = parsed == null ? new JsonObject() : parsed;
            try {
                dataDirBefore = DataDirSnapshot.take(NodeConfig.fromJson(config).dataDir());
            } catch (IOException | RuntimeException e) {
                // Without a snapshot a failed start removes nothing: better a stray file than a lost one.
                dataDirBefore = null;
            }
            return parsed;
        }

        @Override
        public void afterFailureToStartVertx(HookContext context, Throwable cause) {
            clusterFailed = true;
            startFailure = cause;
        }

        @Override
        public void afterFailureToDeployVerticle(HookContext context, Throwable cause) {
            startFailure = cause;
        }

        /**
         * After a failed start: closes Vert.x (the stores close with it), removes what this start created in
         * the data directory, and says why in one sentence (with the stack trace only for an unknown cause,
         * which the launcher has logged).
         *
         * @param launcherCode the Vert.x launcher's exit code
         * @return the code to exit with
         */
        ExitCode failed(int launcherCode) {
            Optional<StartupFailure> known = describe(startFailure);
            ExitCode exit = known.map(StartupFailure::exitCode)
                    .orElse(launcherCode == ExitCodes.USAGE ? ExitCode.CONFIG : ExitCode.START_FAILED);
            boolean closed = closeVertx();
            if (NodeLogManager.jvmShuttingDown()) {
                // Stopped (Ctrl-C, SIGTERM) before the start completed: not a failure, and the stop decides the exit.
                System.err.println("minicoin: stopped before the node had started");
                return ExitCode.OK;
            }
            List<Path> removed = List.of();
            // Another process holds the data directory: whatever appeared there meanwhile is its own. And only
            // closed stores may lose files: a database still open could need every one of them.
            if (exit != ExitCode.IN_USE && closed && dataDirBefore != null) {
                try {
                    removed = dataDirBefore.removeNew();
                } catch (IOException e) {
                    System.err.println("minicoin: could not remove what this start created in the dataDir: " + e);
                }
            }
            String sentence = known.map(Throwable::getMessage).orElseGet(() -> "the node could not start"
                    + (startFailure == null ? "" : ": " + startFailure) + " (see the log above)");
            String cleaned = removed.isEmpty() ? ""
                    : !dataDirBefore.existed() ? " (the dataDir " + removed.get(0) + " this start had created is removed)"
                    : " (removed what this start had created in the dataDir: " + removed.stream()
                            .map(path -> path.getFileName().toString()).sorted().collect(Collectors.joining(", ")) + ")";
            System.err.println("minicoin: " + sentence + cleaned);
            System.err.flush();
            return exit;
        }

        /** The failure as a sentence; a cluster whose event-bus port is taken names the setting that chose it. */
        private Optional<StartupFailure> describe(Throwable failure) {
            if (failure == null) {
                return Optional.empty();
            }
            if (clusterFailed) {
                boolean fromOption = hasOption("cluster-port");
                NodeConfig.Cluster cluster = NodeConfig.fromJson(config).cluster();
                int port = fromOption ? Integer.parseInt(optionValue(args, "cluster-port").orElse("0"))
                        : cluster.eventBusPort();
                String host = optionValue(args, "cluster-host").orElse(cluster.host());
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    Throwable described = StartupFailure.ofListener(fromOption ? "-cluster-port" : "cluster.eventBusPort",
                            "cluster.host", "tcp", host, port, cause);
                    if (described instanceof StartupFailure startup) {
                        return Optional.of(startup);
                    }
                    if (cause.getCause() == cause) {
                        break;
                    }
                }
            }
            return StartupFailure.known(failure);
        }

        /** Closes Vert.x, and the stores with it; whether that completed in time. */
        private boolean closeVertx() {
            Vertx started = vertx;
            if (started == null) {
                return true;
            }
            try {
                started.close().toCompletionStage().toCompletableFuture().get(CLOSE_AFTER_FAILURE_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // Closing failed or hangs: the exit that follows ends the process anyway.
                return false;
            }
        }

        @Override
        public VertxBuilder createVertxBuilder(VertxOptions options) {
            // Vert.x's event-bus, HTTP and JVM metrics, for GET /metrics (docs/metrics.md).
            options.setMetricsOptions(MonitorRoutes.vertxMetricsOptions());
            if (!hasOption("cluster")) {
                return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
            }
            NodeConfig nodeConfig = NodeConfig.fromJson(config);
            ClusterSettings.eventBus(nodeConfig, options.getEventBusOptions(), hasOption("cluster-host"),
                    hasOption("cluster-port"), hasOption("cluster-public-host"));
            clusterManager = new HazelcastClusterManager(ClusterSettings.hazelcast(nodeConfig));
            return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory()).withClusterManager(clusterManager);
        }

        /**
         * A clustered JVM answers the member audits of others; with cluster TLS it audits every member
         * that joins, and logs those without a certificate of the cluster CA ({@link MemberAudit}).
         */
        @Override
        public void afterVertxStarted(HookContext context) {
            vertx = context.vertx();
            if (clusterManager == null || context.vertx() == null) {
                return;
            }
            // Hazelcast's member id, which the membership events carry (Vert.x's node id is another).
            Cluster cluster = clusterManager.getHazelcastInstance().getCluster();
            MemberAudit.answer(context.vertx(), cluster.getLocalMember().getUuid().toString());
            if (NodeConfig.fromJson(config).cluster().tls().isEmpty()) {
                return;
            }
            MemberAudit audit = MemberAudit.overBus(context.vertx());
            cluster.addMembershipListener(audit);
            cluster.getMembers().forEach(audit::joined);
        }

        /**
         * Before Vert.x undeploys everything at once, the front ends stop first (docs/eventbus.md,
         * {@code node.quiesce}): the chain and wallet then close with nothing arriving.
         */
        @Override
        public void beforeStoppingVertx(HookContext context) {
            Vertx vertx = context.vertx();
            if (vertx == null) {
                return;
            }
            try {
                String address = new BusAddresses(NodeConfig.fromJson(config).node().busPrefix()).of(BusAddresses.NODE_QUIESCE);
                vertx.eventBus().request(address, new JsonObject(), new DeliveryOptions().setLocalOnly(true)
                                .setSendTimeout(QUIESCE_TIMEOUT_MILLIS))
                        .toCompletionStage().toCompletableFuture().get(QUIESCE_TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The node never started, or a front end hangs: Vert.x undeploys the rest anyway.
            }
        }

        private boolean hasOption(String name) {
            return NodeLauncher.hasOption(args, name);
        }

        /**
         * The main verticle comes from here rather than the manifest's {@code Main-Verticle}: the
         * launcher reads that only when its own class is the manifest's {@code Main-Class}.
         */
        @Override
        public Supplier<? extends Deployable> verticleSupplier() {
            return NodeVerticle::new;
        }
    }
}
