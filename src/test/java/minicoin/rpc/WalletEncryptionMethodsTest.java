package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** encryptwallet, walletpassphrase, walletlock, walletpassphrasechange and backupwallet against a stub wallet. */
@ExtendWith(VertxExtension.class)
class WalletEncryptionMethodsTest {

    private static final String SECRET = "hunter2-but-longer";

    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
        for (String name : new String[] {BusAddresses.WALLET_ENCRYPT, BusAddresses.WALLET_UNLOCK,
                BusAddresses.WALLET_LOCK, BusAddresses.WALLET_CHANGE_PASSPHRASE, BusAddresses.WALLET_BACKUP}) {
            node.answer(name, request -> new JsonObject());
        }
    }

    private void assertError(int code, String message, JsonObject error) {
        assertEquals(code, error.getInteger("code"), error::encode);
        assertEquals(message, error.getString("message"));
    }

    @Test
    void encryptWalletHandsThePassphraseToTheWalletAndSaysWhatToDoNext() {
        Object result = client.result("encryptwallet", args(SECRET));

        assertEquals("wallet encrypted; the wallet is locked now: unlock it with walletpassphrase to send. Back it up"
                + " again with backupwallet: older backups hold its keys unencrypted.", result);
        assertEquals(new JsonObject().put("passphrase", SECRET), node.lastRequest(BusAddresses.WALLET_ENCRYPT));
    }

    @Test
    void encryptingAnEncryptedWalletIsCoresWrongStateError() {
        node.fail(BusAddresses.WALLET_ENCRYPT, BusError.WRONG_ENCRYPTION_STATE, "the wallet already has a passphrase");

        assertError(-15, "Error: running with an encrypted wallet, but encryptwallet was called.",
                client.error("encryptwallet", args(SECRET)));
    }

    @Test
    void walletPassphraseUnlocksForTheGivenSecondsAndAnswersNull() {
        assertNull(client.result("walletpassphrase", args(SECRET, 60)));
        assertEquals(new JsonObject().put("passphrase", SECRET).put("seconds", 60L),
                node.lastRequest(BusAddresses.WALLET_UNLOCK));

        assertNull(client.result("walletpassphrase", new JsonObject().put("timeout", 0).put("passphrase", SECRET)));
        assertEquals(0L, node.lastRequest(BusAddresses.WALLET_UNLOCK).getLong("seconds"));
    }

    @Test
    void aWrongPassphraseIsMinus14() {
        node.fail(BusAddresses.WALLET_UNLOCK, BusError.WRONG_PASSPHRASE, "Error: The wallet passphrase entered was incorrect.");

        assertError(-14, "Error: The wallet passphrase entered was incorrect.",
                client.error("walletpassphrase", args(SECRET, 60)));
    }

    @Test
    void methodsThatNeedAPassphraseSayWhichWasCalledOnAWalletWithout() {
        node.fail(BusAddresses.WALLET_UNLOCK, BusError.WRONG_ENCRYPTION_STATE, "the wallet has no passphrase to unlock");
        node.fail(BusAddresses.WALLET_LOCK, BusError.WRONG_ENCRYPTION_STATE, "no passphrase");
        node.fail(BusAddresses.WALLET_CHANGE_PASSPHRASE, BusError.WRONG_ENCRYPTION_STATE, "no passphrase");

        assertError(-15, "Error: running with an unencrypted wallet, but walletpassphrase was called.",
                client.error("walletpassphrase", args(SECRET, 60)));
        assertError(-15, "Error: running with an unencrypted wallet, but walletlock was called.",
                client.error("walletlock", null));
        assertError(-15, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.",
                client.error("walletpassphrasechange", args(SECRET, "new " + SECRET)));
    }

    @Test
    void walletLockAndPassphraseChangeAnswerNull() {
        assertNull(client.result("walletlock", null));
        assertNull(client.result("walletpassphrasechange", args(SECRET, "new " + SECRET)));
        assertEquals(new JsonObject().put("old", SECRET).put("new", "new " + SECRET),
                node.lastRequest(BusAddresses.WALLET_CHANGE_PASSPHRASE));
    }

    @Test
    void badParametersAreNamedWithoutQuotingAPassphrase() {
        assertError(-8, "invalid params: /passphrase must be at least 1 characters long",
                client.error("encryptwallet", args("")));
        assertError(-8, "invalid params: /timeout must be >= 0", client.error("walletpassphrase", args(SECRET, -1)));
        assertError(-8, "invalid params: /timeout is required", client.error("walletpassphrase", args(SECRET)));
        assertError(-8, "invalid params: /newpassphrase must be at least 1 characters long",
                client.error("walletpassphrasechange", args(SECRET, "")));
        String tooLong = SECRET.repeat(100);
        JsonObject error = client.error("walletpassphrase", args(tooLong, 1));
        assertError(-8, "invalid params: /passphrase must be at most 1024 characters long", error);
        JsonObject extra = client.error("encryptwallet", args(SECRET, SECRET));
        assertFalse(extra.encode().contains(SECRET), extra::encode);
        assertTrue(node.requests(BusAddresses.WALLET_ENCRYPT).isEmpty());
        assertTrue(node.requests(BusAddresses.WALLET_UNLOCK).isEmpty());
    }

    @Test
    void backupWalletNeedsAnAbsolutePathAndAnswersNull() {
        assertNull(client.result("backupwallet", args("/var/backups/minicoin-1.db")));
        assertEquals(new JsonObject().put("path", "/var/backups/minicoin-1.db"), node.lastRequest(BusAddresses.WALLET_BACKUP));

        assertError(-8, "invalid params: /destination must be an absolute path (starting with /); the node does not"
                + " guess what a relative one means", client.error("backupwallet", args("backup.db")));
    }

    @Test
    void aFailedBackupIsCoresWalletError() {
        node.fail(BusAddresses.WALLET_BACKUP, BusError.WALLET_ERROR, "Error: Wallet backup failed! /b.db already exists");

        assertError(-4, "Error: Wallet backup failed! /b.db already exists", client.error("backupwallet", args("/b.db")));
    }
}
