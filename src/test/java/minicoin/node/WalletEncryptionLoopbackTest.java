package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import minicoin.chain.OwnerOnly;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough over RPC on real nodes: encrypt a running node's wallet, see a locked
 * wallet refuse to pay, unlock it for a second and see the unlock run out, change the passphrase,
 * back the wallet up while the node runs, and start a second node on the copy that signs a payment
 * the first node accepts. No log record of either node holds a passphrase.
 */
class WalletEncryptionLoopbackTest {

    private static final String PASSPHRASE = "first-passphrase-4f1c";
    private static final String WRONG = "wrong-passphrase-9ab2";
    private static final String CHANGED = "changed-passphrase-77d0";

    @TempDir
    Path dir;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private final Map<Handler, Level> handlerLevels = new HashMap<>();

    /** Every record of every level reaches the capture; the other handlers print no more than INFO meanwhile. */
    @BeforeEach
    void captureEveryLogRecord() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        for (Handler handler : root.getHandlers()) {
            handlerLevels.put(handler, handler.getLevel());
            if (handler.getLevel().intValue() < Level.INFO.intValue()) {
                handler.setLevel(Level.INFO);
            }
        }
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        handlerLevels.forEach(Handler::setLevel);
    }

    private static int errorCode(LocalNode node, String method, Object... params) {
        return assertThrows(LocalNode.RpcFailure.class, () -> node.rpc(method, params)).code();
    }

    private static String errorText(LocalNode node, String method, Object... params) {
        return assertThrows(LocalNode.RpcFailure.class, () -> node.rpc(method, params)).getMessage();
    }

    @Test
    void anEncryptedWalletPaysOnlyWhileUnlockedAndItsBackupSpendsTheSameCoins() throws Exception {
        Path second = Files.createDirectory(dir.resolve("two"));
        if (OwnerOnly.supported(second)) {
            Files.setPosixFilePermissions(second, PosixFilePermissions.fromString("rwx------"));
        }
        try (LocalNode one = LocalNode.start("one", dir.resolve("one"), "regtest", new JsonObject())) {
            String genesis = ((JsonObject) one.rpc("creategenesis")).getString("address");
            String payee = (String) one.rpc("getnewaddress");

            assertEquals(-15, errorCode(one, "walletpassphrase", PASSPHRASE, 60), "no passphrase yet");
            assertTrue(((String) one.rpc("encryptwallet", PASSPHRASE)).startsWith("wallet encrypted;"));
            assertEquals(-15, errorCode(one, "encryptwallet", PASSPHRASE));

            String locked = errorText(one, "send", genesis, payee, 100);
            assertTrue(locked.contains("\"code\":-13"), locked);
            assertTrue(locked.contains("Error: Please enter the wallet passphrase with walletpassphrase first."), locked);
            assertEquals(-14, errorCode(one, "walletpassphrase", WRONG, 60));

            assertNull(one.rpc("walletpassphrase", PASSPHRASE, 60));
            assertTrue(((JsonObject) one.rpc("send", genesis, payee, 100)).getString("txid").matches("[0-9a-f]{64}"));
            assertEquals(1, ((JsonArray) one.rpc("generate", 1)).size());

            // One second: the worker's timer locks the wallet again without being asked.
            assertNull(one.rpc("walletpassphrase", PASSPHRASE, 1));
            LocalNode.eventually(Duration.ofSeconds(20), () -> logged.stream().anyMatch(
                    line -> line.contains("Wallet locked: its unlock time ran out")), () -> "the unlock did not run out");
            assertEquals(-13, errorCode(one, "send", genesis, payee, 100));

            assertNull(one.rpc("walletpassphrasechange", PASSPHRASE, CHANGED));
            assertEquals(-14, errorCode(one, "walletpassphrase", PASSPHRASE, 60));
            assertNull(one.rpc("walletpassphrase", CHANGED, 60));
            assertNull(one.rpc("walletlock"));
            assertEquals(-13, errorCode(one, "getnewaddress"));

            // The backup, while the node runs; relative paths and existing files are refused.
            assertEquals(-8, errorCode(one, "backupwallet", "wallet.db"));
            Path copy = second.resolve("wallet.db");
            assertNull(one.rpc("backupwallet", copy.toString()));
            assertEquals(-4, errorCode(one, "backupwallet", copy.toString()));
            if (OwnerOnly.supported(copy)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            }

            JsonObject peerToOne = new JsonObject().put("p2p", new JsonObject()
                    .put("host", "127.0.0.1").put("port", 0).put("peers", new JsonArray().add(one.p2pAddress())));
            try (LocalNode two = LocalNode.start("two", second, "regtest", peerToOne)) {
                assertEquals(one.rpc("listaddresses"), two.rpc("listaddresses"));
                LocalNode.eventually(Duration.ofSeconds(30), () -> two.blockCount() == one.blockCount(),
                        () -> "node two did not sync to height " + one.blockCount());
                assertEquals(-13, errorCode(two, "send", genesis, payee, 50), "the copy is encrypted too");
                assertNull(two.rpc("walletpassphrase", CHANGED, 60));
                String txid = ((JsonObject) two.rpc("send", genesis, payee, 50)).getString("txid");
                LocalNode.eventually(Duration.ofSeconds(30), () -> one.mempool().contains(txid),
                        () -> "node one did not accept the payment node two signed");
            }
        }
        for (String line : logged) {
            for (String secret : List.of(PASSPHRASE, WRONG, CHANGED)) {
                assertFalse(line.contains(secret), () -> "a log record holds a passphrase: " + line);
            }
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("Wallet encrypted")), "the capture saw the wallet's log");
    }
}
