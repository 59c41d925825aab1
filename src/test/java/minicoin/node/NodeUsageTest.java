package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeUsageTest {

    @Test
    void helpListsTheNodesOptionsAndNoneOfVertxsOwn() {
        String help = NodeUsage.text();

        for (String option : List.of("-conf", "-cluster ", "-cluster-host", "-cluster-port", "--help")) {
            assertTrue(help.contains(option), option + " missing from\n" + help);
        }
        for (String stock : List.of("-instances", "-worker", "mainVerticle", "-options", "virtual-thread", "\u001b[")) {
            assertFalse(help.contains(stock), stock + " in\n" + help);
        }
    }

    @Test
    void helpListsEveryConfigKeyOfTheSchemaAndPointsToTheReference() throws Exception {
        String help = NodeUsage.text();
        Map<String, List<String>> keys = NodeUsage.configKeys();

        assertTrue(keys.keySet().containsAll(List.of("network", "dataDir", "roles", "p2p", "discovery", "rpc", "cluster")));
        keys.forEach((section, names) -> {
            assertTrue(help.contains("  " + section), section);
            names.forEach(name -> assertTrue(help.contains(name), section + "." + name));
        });
        assertTrue(help.contains(NodeUsage.CONFIG_REFERENCE));
        assertTrue(Files.exists(Path.of(NodeUsage.CONFIG_REFERENCE)), "the reference the help points to exists");
        String reference = Files.readString(Path.of(NodeUsage.CONFIG_REFERENCE));
        keys.forEach((section, names) -> {
            assertTrue(reference.contains("| `" + section + "` |"), NodeUsage.CONFIG_REFERENCE + " lacks " + section);
            names.forEach(name -> assertTrue(reference.contains("| `" + name + "` |"),
                    NodeUsage.CONFIG_REFERENCE + " lacks " + section + "." + name));
        });
    }

    @Test
    void helpListsEveryExitCode() {
        String help = NodeUsage.text();

        for (ExitCode code : ExitCode.values()) {
            assertTrue(help.contains("  " + code.code() + "  " + code.meaning()), code.name());
        }
    }

    @Test
    void helpIsAskedForWithAnySpelling() {
        assertTrue(NodeUsage.wantsHelp(List.of("--help")));
        assertTrue(NodeUsage.wantsHelp(List.of("-conf", "x.json", "-h")));
        assertTrue(NodeUsage.wantsHelp(List.of("-HELP")));
        assertFalse(NodeUsage.wantsHelp(List.of("-conf", "help.json")));
    }

    @Test
    void acceptsTheOptionsThatApplyToANode() {
        assertEquals(Optional.empty(), NodeUsage.checkArguments(List.of()));
        assertEquals(Optional.empty(), NodeUsage.checkArguments(List.of("-conf", "x.json", "-cluster", "-cluster-host",
                "10.0.0.1", "--cluster-port=5710", "-cluster-public-host", "203.0.113.5", "-c")));
        assertEquals(Optional.empty(), NodeUsage.checkArguments(List.of("--conf={\"network\":\"regtest\"}")));
    }

    @Test
    void refusesVertxOptionsAVerticleNameAndAMissingValue() {
        assertTrue(NodeUsage.checkArguments(List.of("-instances", "2")).orElseThrow().startsWith("unknown option -instances"));
        assertTrue(NodeUsage.checkArguments(List.of("-worker")).orElseThrow().startsWith("unknown option -worker"));
        assertTrue(NodeUsage.checkArguments(List.of("-cluster=true")).orElseThrow().startsWith("unknown option"));
        assertTrue(NodeUsage.checkArguments(List.of("minicoin.node.NodeVerticle")).orElseThrow()
                .startsWith("unexpected argument minicoin.node.NodeVerticle"));
        assertEquals(Optional.of("-cluster-port needs a value"), NodeUsage.checkArguments(List.of("-cluster", "-cluster-port")));
    }
}
