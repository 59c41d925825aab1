package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLauncherTest {

    @TempDir
    Path dir;

    @Test
    void noConfArgumentMeansDefaults() {
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of()));
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-cluster", "-instances", "1")));
    }

    @Test
    void acceptsValidConfigFile() throws IOException {
        Path file = write("ok.json", "{\"network\": \"regtest\", \"rpc\": {\"port\": 0}}");

        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-conf", file.toString())));
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("--conf=" + file)));
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-CONF", file.toString())));
    }

    @Test
    void acceptsTheRepositoryConfig() {
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-conf", "config.json")));
    }

    @Test
    void refusesRpcOffLoopbackWithoutTls() {
        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", "{\"rpc\": {\"host\": \"0.0.0.0\"}}"))
                .orElseThrow();

        assertTrue(problem.contains("/rpc/host") && problem.contains("\"tls\"") && problem.contains("scripts/cluster-certs"),
                problem);
    }

    @Test
    void refusesAClusterOtherHostsCanReachWithoutTls() {
        String problem = NodeLauncher.checkConfigArgument(List.of("-cluster", "-cluster-host", "0.0.0.0")).orElseThrow();

        assertTrue(problem.startsWith("the default configuration: "), problem);
        assertTrue(problem.contains("/cluster/tls") && problem.contains("scripts/cluster-certs DIR ca"), problem);
        assertTrue(NodeLauncher.checkConfigArgument(List.of("-cluster", "-conf",
                "{\"cluster\": {\"host\": \"10.1.2.3\"}}")).isPresent());
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-conf",
                "{\"cluster\": {\"host\": \"10.1.2.3\"}}")), "without -cluster the section is ignored");
    }

    @Test
    void checksTheClusterTlsFilesBeforeStarting() {
        String problem = NodeLauncher.checkConfigArgument(List.of("-cluster", "-conf", "{\"cluster\": {\"tls\": {\"key\": \""
                + dir.resolve("a.key") + "\", \"cert\": \"a.pem\", \"ca\": \"ca.pem\"}}}")).orElseThrow();

        assertTrue(problem.contains("/cluster/tls/ca") && problem.contains("no such file ca.pem"), problem);
    }

    @Test
    void refusesMissingFile() {
        String missing = dir.resolve("missing.json").toString();

        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", missing)).orElseThrow();

        assertEquals("config file not found: " + missing, problem);
    }

    @Test
    void missingRelativeFileSaysWhereItLooked() {
        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", "no-such-config.json")).orElseThrow();

        assertTrue(problem.startsWith("config file not found: no-such-config.json (looked in /"), problem);
    }

    @Test
    void refusesInvalidJson() throws IOException {
        Path file = write("broken.json", "{\"network\": \"devnet\",\n  \"rpc\": {\"port\": 9999\n");

        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", file.toString())).orElseThrow();

        assertTrue(problem.startsWith("config file " + file + " is not a valid JSON object: "), problem);
        assertTrue(problem.contains("(line "), problem);
        assertEquals(-1, problem.indexOf('\n'), problem);
    }

    @Test
    void refusesJsonThatIsNotAnObject() throws IOException {
        Path file = write("array.json", "[1, 2]");

        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", file.toString())).orElseThrow();

        assertTrue(problem.contains("is not a valid JSON object"), problem);
    }

    @Test
    void refusesConfigThatBreaksTheSchema() throws IOException {
        Path file = write("typo.json", "{\"rcp\": {\"port\": 9999}}");

        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", file.toString())).orElseThrow();

        assertTrue(problem.startsWith("config file " + file + ": invalid config at /rcp: unknown key"), problem);
    }

    @Test
    void checksInlineJsonLikeTheLauncher() {
        assertEquals(Optional.empty(), NodeLauncher.checkConfigArgument(List.of("-conf", "{\"network\":\"main\"}")));

        String problem = NodeLauncher.checkConfigArgument(List.of("-conf", "{\"network\":\"moon\"}")).orElseThrow();

        assertTrue(problem.contains("/network"), problem);
    }

    @Test
    void refusesConfWithoutValue() {
        String problem = NodeLauncher.checkConfigArgument(List.of("-cluster", "-conf")).orElseThrow();

        assertEquals("-conf needs a configuration file", problem);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
