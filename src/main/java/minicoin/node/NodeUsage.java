package minicoin.node;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Minicoin's own {@code --help}, and the check that the command line holds only options that apply
 * to a node. Vert.x's stock help offers {@code -instances}, {@code -worker} and a
 * {@code <mainVerticle>}, none of which a node can use: two instances would open one database twice.
 * The configuration keys are read from the schema the node validates against, so the list cannot
 * fall behind it.
 */
final class NodeUsage {

    static final String SCHEMA_RESOURCE = "/minicoin/config/config-schema.json";
    /** Where each key is explained, with its default. */
    static final String CONFIG_REFERENCE = "docs/config.md";

    /** Options that take a value, as the Vert.x launcher reads them (one or two dashes, any case). */
    private static final Set<String> VALUED = Set.of("conf", "cluster-host", "cluster-port", "cluster-public-host",
            "cluster-public-port");
    private static final Set<String> FLAGS = Set.of("c", "cluster");
    private static final Set<String> HELP = Set.of("h", "help");

    private NodeUsage() {
    }

    /** Whether the command line asks for help ({@code -h}, {@code -help}, {@code --help}). */
    static boolean wantsHelp(List<String> args) {
        return args.stream().map(NodeUsage::optionName).flatMap(Optional::stream).anyMatch(HELP::contains);
    }

    /** A one-line description of the first argument that is not an option of a node, or empty. */
    static Optional<String> checkArguments(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Optional<String> name = optionName(arg);
            if (name.isEmpty()) {
                return Optional.of("unexpected argument " + arg + " (a node takes no verticle name or other arguments);"
                        + " --help lists the options");
            }
            boolean inline = arg.contains("=");
            if (VALUED.contains(name.get())) {
                if (!inline && ++i >= args.size()) {
                    return Optional.of(arg + " needs a value");
                }
            } else if (!FLAGS.contains(name.get()) && !HELP.contains(name.get()) || inline) {
                return Optional.of("unknown option " + arg + "; --help lists the options a node takes");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> optionName(String arg) {
        if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
            return Optional.empty();
        }
        String name = arg.substring(arg.startsWith("--") ? 2 : 1);
        int equals = name.indexOf('=');
        return Optional.of((equals < 0 ? name : name.substring(0, equals)).toLowerCase(Locale.ROOT));
    }

    /** The help text: how to run, the options, the configuration keys and where they are explained, the exit codes. */
    static String text() {
        StringBuilder text = new StringBuilder();
        text.append("""
                Usage: scripts/node [OPTIONS]
                       java -XX:+ExitOnOutOfMemoryError -jar target/node.jar [OPTIONS]

                Runs a Minicoin node: the services (roles) its configuration names. Stop it with Ctrl-C or SIGTERM.

                Options:
                  -conf FILE|JSON            the configuration, a JSON file or the JSON itself; without it the
                                             defaults (scripts/node reads config.json at the repository root)
                  -cluster                   spread one node over several JVMs on a clustered event bus,
                                             set up by the configuration's "cluster" section
                  -cluster-host HOST         the address the event bus binds to (instead of cluster.host)
                  -cluster-port PORT         the event bus's TCP port (instead of cluster.eventBusPort)
                  -cluster-public-host HOST  the address other members use (instead of cluster.publicHost)
                  -h, --help                 this text

                Configuration keys (all optional; config.json shows each with its default):
                """);
        for (Map.Entry<String, List<String>> section : configKeys().entrySet()) {
            String keys = section.getValue().isEmpty() ? "" : ": " + String.join(", ", section.getValue());
            text.append("  ").append(section.getKey()).append(keys).append('\n');
        }
        text.append("Each key, its default and meaning: ").append(CONFIG_REFERENCE)
                .append("; the schema the node checks: ").append(SCHEMA_RESOURCE.substring(1)).append(" in the jar.\n\n");
        text.append("Exit codes:\n");
        for (ExitCode code : ExitCode.values()) {
            text.append(String.format("  %d  %s%n", code.code(), code.meaning()));
        }
        return text.toString();
    }

    /** The schema's top-level keys, each with the keys of its section (none for a plain value), in schema order. */
    static Map<String, List<String>> configKeys() {
        JsonObject schema;
        try (InputStream in = NodeUsage.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the jar");
            }
            schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        JsonObject properties = schema.getJsonObject("properties");
        for (String name : properties.fieldNames()) {
            JsonObject section = properties.getJsonObject(name).getJsonObject("properties");
            keys.put(name, section == null ? List.of() : new ArrayList<>(section.fieldNames()));
        }
        return keys;
    }
}
