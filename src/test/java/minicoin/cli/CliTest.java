package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final String TOKEN = "5e3c7a";
    private static final String A = "1LYHd7Jk4ptVxmfJ3ZKYHLd9RUW8vLrC2Z";
    private static final String B = "19zRdrVMgvgAYEtkpD5sQMCXBhwv8frj2d";
    private static final String TXID = "9c6bcb0c940a5f19eae5b97c647c4098b320c14d4be69ceb512c6ceccade7cc5";

    @TempDir
    Path dataDir;

    /** What one run printed and returned. */
    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs against the stub with {@code --token}, the way every verb test talks to it. */
    private static Outcome runAt(StubNode node, String... args) {
        List<String> all = new ArrayList<>(List.of("--rpc", node.uri().toString(), "--token", TOKEN));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** A stub node answering each method with the given result. */
    private static StubNode node(Map<String, Object> results) throws IOException {
        return new StubNode(request -> {
            String method = request.getString("method");
            return results.containsKey(method)
                    ? StubNode.Reply.result(request, results.get(method))
                    : StubNode.Reply.error(request, 200, -32601, "method not found: " + method);
        });
    }

    private static void assertPrinted(String stdout, Outcome outcome) {
        assertEquals("", outcome.err());
        assertEquals(stdout, outcome.out());
        assertEquals(Cli.EXIT_OK, outcome.exitCode());
    }

    private static void assertFailed(String line, Outcome outcome) {
        assertEquals("", outcome.out());
        assertEquals(line + System.lineSeparator(), outcome.err());
        assertEquals(Cli.EXIT_FAILURE, outcome.exitCode());
    }

    private static void assertRequest(StubNode node, String method, Object params) {
        JsonObject request = node.only().json();
        assertEquals(method, request.getString("method"));
        assertEquals(params, request.getValue("params"));
        assertEquals("Bearer " + TOKEN, node.only().authorization());
    }

    // --- the seed's walkthrough, verb by verb

    @Test
    void genesisBlockPrintsTheGenesisWallet() throws IOException {
        try (StubNode node = node(Map.of("creategenesis", new JsonObject().put("address", A).put("hash", TXID)))) {
            assertPrinted("Genesis Wallet is: " + A + "\n", runAt(node, "genesis_block"));
            assertRequest(node, "creategenesis", new JsonArray());
        }
    }

    @Test
    void balancePrintsTheConfirmedBalance() throws IOException {
        JsonObject balance = new JsonObject().put("address", A).put("confirmed", 1000).put("withUnconfirmed", 800);
        try (StubNode node = node(Map.of("getbalance", balance))) {
            assertPrinted(A + " balance is 1000\n", runAt(node, "balance", A));
            assertRequest(node, "getbalance", new JsonArray().add(A));
        }
    }

    @Test
    void balanceAddsALineForPendingCoins() throws IOException {
        JsonObject balance = new JsonObject().put("address", A).put("confirmed", 1000).put("withUnconfirmed", 899)
                .put("pending", 899);
        try (StubNode node = node(Map.of("getbalance", balance))) {
            assertPrinted(A + " balance is 1000\n" + A + " has 899 pending (not in a block yet); balance once confirmed 899\n",
                    runAt(node, "balance", A));
        }
    }

    @Test
    void balanceWithNothingPendingIsTheSeedsLineAlone() throws IOException {
        JsonObject balance = new JsonObject().put("address", A).put("confirmed", 1000).put("withUnconfirmed", 1000)
                .put("pending", 0);
        try (StubNode node = node(Map.of("getbalance", balance))) {
            assertPrinted(A + " balance is 1000\n", runAt(node, "balance", A));
        }
    }

    @Test
    void createWalletPrintsTheNewAddress() throws IOException {
        try (StubNode node = node(Map.of("getnewaddress", B))) {
            assertPrinted("Wallet address is " + B + "\n", runAt(node, "createwallet"));
            assertRequest(node, "getnewaddress", new JsonArray());
        }
    }

    @Test
    void printWalletPrintsEveryAddressOnItsOwnLine() throws IOException {
        try (StubNode node = node(Map.of("listaddresses", new JsonArray().add(A).add(B)))) {
            assertPrinted("Wallet are:\n\t" + A + "\n\t" + B + "\n", runAt(node, "printwallet"));
            assertRequest(node, "listaddresses", new JsonArray());
        }
    }

    @Test
    void sendPrintsTheTransaction() throws IOException {
        try (StubNode node = node(Map.of("send", new JsonObject().put("txid", TXID).put("fee", 1)))) {
            assertPrinted("Sent 100 from " + A + " to " + B + " in transaction " + TXID + "\n",
                    runAt(node, "send", "--from", A, "--to", B, "--amount", "100"));
            assertRequest(node, "send", new JsonArray().add(A).add(B).add(100));
        }
    }

    @Test
    void sendPassesTheFee() throws IOException {
        try (StubNode node = node(Map.of("send", new JsonObject().put("txid", TXID).put("fee", 5)))) {
            runAt(node, "send", "--from", A, "--to", B, "--amount", "100", "--fee", "5");

            assertRequest(node, "send", new JsonArray().add(A).add(B).add(100).add(5));
        }
    }

    @Test
    void printShowsTheHeaderAsIndentedJson() throws IOException {
        JsonObject header = new JsonObject().put("hash", TXID).put("height", 1).put("version", 1)
                .put("prevHash", "00".repeat(32)).put("time", 1_764_000_000).put("bits", "1f00ffff").put("nonce", 1234);
        try (StubNode node = node(Map.of("getblockview", header))) {
            Outcome outcome = runAt(node, "print", "1");

            assertPrinted(PrettyJson.format(header) + "\n", outcome);
            assertTrue(outcome.out().startsWith("{\n  \"hash\": \"" + TXID + "\",\n  \"height\": 1,\n"), outcome.out());
            assertRequest(node, "getblockview", new JsonArray().add(1).add(0));
        }
    }

    @Test
    void callPrintsAnyResultAsJson() throws IOException {
        try (StubNode node = node(Map.of("getblockcount", 12))) {
            assertPrinted("12\n", runAt(node, "call", "getblockcount"));
            assertRequest(node, "getblockcount", new JsonArray());
        }
        try (StubNode node = node(Map.of("getpeerinfo", new JsonArray().add(new JsonObject().put("addr", "10.0.0.2:5678"))))) {
            assertPrinted("[\n  {\n    \"addr\": \"10.0.0.2:5678\"\n  }\n]\n", runAt(node, "call", "getpeerinfo", "[]"));
        }
        try (StubNode node = node(Map.of("generate", new JsonArray().add("00aa")))) {
            runAt(node, "call", "generate", "{\"blocks\": 1}");

            assertRequest(node, "generate", new JsonObject().put("blocks", 1));
        }
    }

    // --- where the token comes from

    @Test
    void readsTheTokenFromTheCookieInTheDataDirectory() throws IOException {
        Files.writeString(dataDir.resolve("rpc.cookie"), "cookie-token\n");
        try (StubNode node = node(Map.of("getnewaddress", B))) {
            Outcome outcome = run("--rpc", node.uri().toString(), "--data", dataDir.toString(), "createwallet");

            assertPrinted("Wallet address is " + B + "\n", outcome);
            assertEquals("Bearer cookie-token", node.only().authorization());
        }
    }

    @Test
    void readsTheTokenFromACookieInCoresForm() throws IOException {
        Files.writeString(dataDir.resolve("rpc.cookie"), "__cookie__:cookie-token");
        try (StubNode node = node(Map.of("getnewaddress", B))) {
            Outcome outcome = run("--rpc", node.uri().toString(), "--data", dataDir.toString(), "createwallet");

            assertPrinted("Wallet address is " + B + "\n", outcome);
            assertEquals("Bearer cookie-token", node.only().authorization());
        }
    }

    @Test
    void tokenOptionOverridesTheCookie() throws IOException {
        Files.writeString(dataDir.resolve("rpc.cookie"), "cookie-token");
        try (StubNode node = node(Map.of("getnewaddress", B))) {
            run("--data", dataDir.toString(), "--rpc", node.uri().toString(), "--token", "given", "createwallet");

            assertEquals("Bearer given", node.only().authorization());
        }
    }

    @Test
    void saysWhereItLookedWhenThereIsNoCookie() throws IOException {
        Path empty = dataDir.resolve("node2");
        try (StubNode node = node(Map.of("getnewaddress", B))) {
            Outcome outcome = run("--rpc", node.uri().toString(), "--data", empty.toString(), "createwallet");

            assertFailed("minicoin: no RPC token: " + empty.resolve("rpc.cookie")
                    + " not found (is the node running with this data directory?)", outcome);
            assertEquals(List.of(), node.received());
        }
    }

    @Test
    void relativeDataDirectoryAppearsAsGivenInTheMessage() {
        Outcome outcome = run("--data", "no-such-dir-for-cli-test", "printwallet");

        assertFailed("minicoin: no RPC token: no-such-dir-for-cli-test/rpc.cookie not found"
                + " (is the node running with this data directory?)", outcome);
    }

    @Test
    void refusesAnEmptyCookie() throws IOException {
        Files.writeString(dataDir.resolve("rpc.cookie"), " \n");

        assertFailed("minicoin: no RPC token: " + dataDir.resolve("rpc.cookie") + " is empty",
                run("--data", dataDir.toString(), "printwallet"));
    }

    // --- failures: one line on stderr, exit 1

    @Test
    void wrongTokenIsOneClearLine() throws IOException {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 401, -32001, "unauthorized: missing or wrong token"))) {
            assertFailed("minicoin: the node refused the RPC token", runAt(node, "printwallet"));
        }
    }

    @Test
    void nodeNotRunningIsOneClearLine() throws IOException {
        String url = "http://127.0.0.1:" + RpcClientTest.freePort() + "/";

        assertFailed("minicoin: no node answers at " + url + " (is it running?)",
                run("--rpc", url, "--token", TOKEN, "balance", A));
    }

    @Test
    void rpcErrorShowsMessageAndCode() throws IOException {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 200, -32010, "address 1xyz is not in this wallet"))) {
            assertFailed("minicoin: address 1xyz is not in this wallet (code -32010)",
                    runAt(node, "send", "--from", "1xyz", "--to", B, "--amount", "1"));
        }
    }

    @Test
    void unknownMethodThroughCallIsAnRpcError() throws IOException {
        try (StubNode node = node(Map.of())) {
            assertFailed("minicoin: method not found: nosuch (code -32601)", runAt(node, "call", "nosuch"));
        }
    }

    @Test
    void httpErrorIsOneLine() throws IOException {
        try (StubNode node = new StubNode(request -> new StubNode.Reply(500, "boom\nat line 2"))) {
            assertFailed("minicoin: the node answered HTTP 500: boom at line 2", runAt(node, "printwallet"));
        }
    }

    @Test
    void unexpectedReplyIsOneLine() throws IOException {
        try (StubNode node = node(Map.of("getbalance", "a lot"))) {
            assertFailed("minicoin: unexpected result from getbalance (no confirmed): \"a lot\"", runAt(node, "balance", A));
        }
    }

    // --- command-line mistakes: exit 2, nothing sent

    @Test
    void usageErrorsExitTwoWithAHintAndSendNothing() throws IOException {
        try (StubNode node = StubNode.answering(1)) {
            Outcome outcome = runAt(node, "send", "--from", A, "--to", B, "--amount", "1.5");

            assertEquals(Cli.EXIT_USAGE, outcome.exitCode());
            assertEquals("", outcome.out());
            assertEquals("minicoin: --amount must be a whole number, not '1.5'\n"
                    + "usage: scripts/cli [OPTIONS] send --from ADDRESS --to ADDRESS --amount N [--fee N]\n",
                    outcome.err().replace(System.lineSeparator(), "\n"));
            assertEquals(List.of(), node.received());
        }
    }

    @Test
    void everyKindOfUsageErrorExitsTwo() {
        List<List<String>> mistakes = List.of(
                List.of(),
                List.of("frobnicate"),
                List.of("--verbose", "printwallet"),
                List.of("balance"),
                List.of("balance", A, B),
                List.of("print", "x"),
                List.of("send", "--from", A),
                List.of("call"),
                List.of("call", "m", "not json"),
                List.of("--rpc", "nohost", "printwallet"));
        for (List<String> args : mistakes) {
            Outcome outcome = run(args.toArray(String[]::new));

            assertEquals(Cli.EXIT_USAGE, outcome.exitCode(), args.toString());
            assertEquals("", outcome.out(), args.toString());
            String[] lines = outcome.err().split(System.lineSeparator());
            assertEquals(2, lines.length, outcome.err());
            assertTrue(lines[0].startsWith("minicoin: "), lines[0]);
            assertTrue(lines[1].startsWith("usage: scripts/cli "), lines[1]);
        }
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        for (String help : List.of("--help", "-h")) {
            // No cookie there: the node cannot be asked, and the help lists the methods built in.
            Outcome outcome = run("--data", dataDir.toString(), help);

            assertPrinted(CommandLine.helpText(), outcome);
            assertTrue(outcome.out().contains("Methods call accepts (built in, as the node did not answer"), outcome.out());
            RpcMethodNames.BUILT_IN.forEach(method -> assertTrue(outcome.out().contains(" " + method), method));
        }
    }

    @Test
    void helpListsTheMethodsOfTheNodeWhenItAnswers() throws IOException {
        String nodeHelp = "getblockcount  -  The height of the tip.\nsomethingnew ( arg )  -  A method this client predates.";
        try (StubNode node = node(Map.of("help", nodeHelp))) {
            Outcome outcome = runAt(node, "--help");

            assertPrinted(CommandLine.helpText(List.of("getblockcount", "somethingnew"), "from the node at " + node.uri()),
                    outcome);
            assertTrue(outcome.out().contains("  getblockcount somethingnew\n"), outcome.out());
        }
    }

    @Test
    void helpFallsBackToTheBuiltInListWhenTheNodeRefuses() throws IOException {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 401, -32001, "unauthorized"))) {
            Outcome outcome = runAt(node, "-h");

            assertPrinted(CommandLine.helpText(), outcome);
        }
    }
}
