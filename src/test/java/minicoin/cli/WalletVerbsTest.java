package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet verbs: passphrases come from standard input here (piped, as a script would), never
 * from the command line, and reach the node as the RPC's parameters.
 */
class WalletVerbsTest {

    private static final String TOKEN = "5e3c7a";
    private static final String SECRET = "correct horse battery staple";
    private static final String SENTENCE = "wallet encrypted; the wallet is locked now";

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(StubNode node, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--rpc", node.uri().toString(), "--token", TOKEN));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PassphraseReader reader = PassphraseReader.fromStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int exitCode = Cli.run(all.toArray(String[]::new), reader, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    private static StubNode node() throws IOException {
        Map<String, Object> results = Map.of("encryptwallet", SENTENCE);
        return new StubNode(request -> StubNode.Reply.result(request, results.get(request.getString("method"))));
    }

    private static JsonObject only(StubNode node) {
        return node.only().json();
    }

    @Test
    void encryptWalletReadsThePassphraseFromStandardInput() throws IOException {
        try (StubNode node = node()) {
            Outcome outcome = run(node, SECRET + "\n", "encryptwallet");

            assertEquals(Cli.EXIT_OK, outcome.exitCode(), outcome.err());
            assertEquals(SENTENCE + System.lineSeparator(), outcome.out());
            assertEquals("encryptwallet", only(node).getString("method"));
            assertEquals(new JsonArray().add(SECRET), only(node).getJsonArray("params"));
        }
    }

    @Test
    void spacesAreKeptAndAWindowsLineEndIsNot() throws IOException {
        try (StubNode node = node()) {
            run(node, "  two spaces around  \r\n", "walletpassphrase", "60");

            assertEquals(new JsonArray().add("  two spaces around  ").add(60), only(node).getJsonArray("params"));
        }
    }

    @Test
    void walletPassphraseSendsThePassphraseAndTheSeconds() throws IOException {
        try (StubNode node = node()) {
            Outcome outcome = run(node, SECRET, "walletpassphrase", "600");

            assertEquals("Wallet unlocked for 600 seconds" + System.lineSeparator(), outcome.out());
            assertEquals("walletpassphrase", only(node).getString("method"));
            assertEquals(new JsonArray().add(SECRET).add(600), only(node).getJsonArray("params"));
        }
    }

    @Test
    void walletPassphraseChangeReadsTheOldThenTheNewLine() throws IOException {
        try (StubNode node = node()) {
            Outcome outcome = run(node, "old one\nnew one\n", "walletpassphrasechange");

            assertEquals("Wallet passphrase changed" + System.lineSeparator(), outcome.out());
            assertEquals(new JsonArray().add("old one").add("new one"), only(node).getJsonArray("params"));
        }
    }

    @Test
    void walletLockAndBackupNeedNoPassphrase(@TempDir Path dir) throws IOException {
        try (StubNode node = node()) {
            assertEquals("Wallet locked" + System.lineSeparator(), run(node, "", "walletlock").out());
            Path target = dir.resolve("backup.db");
            assertEquals("Wallet backed up to " + target + System.lineSeparator(),
                    run(node, "", "backupwallet", target.toString()).out());
            assertEquals(new JsonArray().add(target.toString()), node.received().get(1).json().getJsonArray("params"));
        }
    }

    @Test
    void aRelativeBackupPathIsTakenFromTheClientsDirectory() throws IOException {
        try (StubNode node = node()) {
            run(node, "", "backupwallet", "backups/../wallet-copy.db");

            Path expected = Path.of("").toAbsolutePath().resolve("wallet-copy.db");
            assertEquals(new JsonArray().add(expected.toString()), only(node).getJsonArray("params"));
        }
    }

    @Test
    void noPassphraseOnStandardInputSendsNothing() throws IOException {
        try (StubNode node = node()) {
            for (String stdin : List.of("", "\n", "only the old one\n")) {
                String[] args = stdin.startsWith("only") ? new String[] {"walletpassphrasechange"} : new String[] {"encryptwallet"};
                Outcome outcome = run(node, stdin, args);

                assertEquals(Cli.EXIT_USAGE, outcome.exitCode(), stdin);
                assertEquals("", outcome.out());
                assertTrue(outcome.err().startsWith("minicoin: "), outcome.err());
                assertTrue(outcome.err().contains("nothing was sent"), outcome.err());
            }
            assertEquals(List.of(), node.received());
        }
    }

    @Test
    void aPassphraseIsNeverTakenFromTheArguments() throws IOException {
        try (StubNode node = node()) {
            Outcome extra = run(node, "", "encryptwallet", SECRET);
            assertEquals(Cli.EXIT_USAGE, extra.exitCode());
            assertTrue(extra.err().startsWith("minicoin: unexpected argument"), extra.err());
            assertFalse(extra.out().contains(SECRET));

            for (String method : List.of("encryptwallet", "walletpassphrase", "walletpassphrasechange")) {
                Outcome call = run(node, "", "call", method, "[\"" + SECRET + "\"]");
                assertEquals(Cli.EXIT_USAGE, call.exitCode());
                assertTrue(call.err().startsWith("minicoin: call " + method + " would put a passphrase on the command line"),
                        call.err());
            }
            assertEquals(List.of(), node.received());
        }
    }

    @Test
    void aTerminalThatWouldEchoIsRefused() throws IOException {
        try (StubNode node = node()) {
            PassphraseReader echoing = new PassphraseReader(null, new ByteArrayInputStream(new byte[0]), true);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exitCode = Cli.run(new String[] {"--rpc", node.uri().toString(), "--token", TOKEN, "encryptwallet"},
                    echoing, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertEquals(Cli.EXIT_USAGE, exitCode);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                    "minicoin: cannot ask for the passphrase without echoing it"), err.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(), node.received());
        }
    }

    /** The real client in its own JVM, its passphrase piped into its standard input as a script would. */
    @Test
    void theClientProcessReadsAPipedPassphrase(@TempDir Path dir) throws Exception {
        try (StubNode node = node()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                    "--rpc", node.uri().toString(), "--token", TOKEN, "walletpassphrase", "30")
                    .redirectError(dir.resolve("err").toFile())
                    .start();
            process.getOutputStream().write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));

            assertEquals(Cli.EXIT_OK, process.exitValue(), () -> out + readQuietly(dir.resolve("err")));
            assertEquals("Wallet unlocked for 30 seconds", out.strip());
            assertEquals(new JsonArray().add(SECRET).add(30), only(node).getJsonArray("params"));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
