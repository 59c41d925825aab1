package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import minicoin.chain.MempoolFile;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payments that returned a txid outlive the node: a clean stop saves the mempool (mempool.dat) and
 * the wallet keeps its records; a restart brings them back, even when mempool.dat is damaged; and a
 * rebroadcast reaches a peer that was not connected when the payment was made.
 */
class PaymentPersistenceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sendsAnsweredWithATxidSurviveACleanStop() throws Exception {
        Path data = dir.resolve("a");
        List<String> txids;
        String genesis;
        String payee;
        try (LocalNode node = LocalNode.start("a", data, "regtest", new JsonObject())) {
            genesis = ((JsonObject) node.rpc("creategenesis")).getString("address");
            payee = (String) node.rpc("getnewaddress");
            txids = sendSome(node, genesis, payee, 3);
            assertEquals(Set.copyOf(txids), txidSet(node.mempool()));
        }
        Path file = data.resolve(MempoolFile.FILE_NAME);
        assertEquals(Set.copyOf(txids), MempoolFile.read(file, 1 << 20).stream()
                .map(pooled -> pooled.tx().txid().toString()).collect(Collectors.toSet()), "saved at stop");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        try (LocalNode restarted = LocalNode.start("a", data, "regtest", new JsonObject())) {
            assertEquals(Set.copyOf(txids), txidSet(restarted.mempool()), "each payment is in the pool again");
            JsonObject balance = (JsonObject) restarted.rpc("getbalance", payee);
            assertEquals(30, balance.getLong("pending"), "the payee sees its coins pending");
        }
    }

    @Test
    void aDamagedMempoolFileIsRefusedAndTheWalletRebroadcastsItsPayments() throws Exception {
        Path data = dir.resolve("b");
        List<String> txids;
        try (LocalNode node = LocalNode.start("b", data, "regtest", new JsonObject())) {
            String genesis = ((JsonObject) node.rpc("creategenesis")).getString("address");
            txids = sendSome(node, genesis, (String) node.rpc("getnewaddress"), 2);
            assertEquals(data.resolve(MempoolFile.FILE_NAME).toAbsolutePath().toString(),
                    ((JsonObject) node.rpc("savemempool")).getString("filename"));
        }
        Path file = data.resolve(MempoolFile.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);

        try (LocalNode restarted = LocalNode.start("b", data, "regtest", new JsonObject())) {
            LocalNode.eventually(WAIT, () -> txidSet(restarted.mempool()).equals(Set.copyOf(txids)),
                    () -> "the wallet's payments are back in the pool: " + restarted.mempool());
            JsonObject record = (JsonObject) restarted.rpc("gettransaction", txids.get(0));
            assertTrue(record.getBoolean("inMempool"));
        }
    }

    @Test
    void aRebroadcastReachesAPeerThatMissedThePayment() throws Exception {
        JsonObject quickRebroadcast = new JsonObject().put("wallet", new JsonObject().put("rebroadcastSeconds", 1));
        try (LocalNode sender = LocalNode.start("sender", dir.resolve("sender"), "regtest", quickRebroadcast)) {
            String genesis = ((JsonObject) sender.rpc("creategenesis")).getString("address");
            String txid = sendSome(sender, genesis, (String) sender.rpc("getnewaddress"), 1).get(0);
            JsonObject dialsSender = new JsonObject().put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0)
                    .put("peers", new JsonArray().add(sender.p2pAddress())));
            try (LocalNode late = LocalNode.start("late", dir.resolve("late"), "regtest", dialsSender)) {
                LocalNode.eventually(WAIT, () -> txidSet(late.mempool()).contains(txid),
                        () -> "the late peer got the payment by rebroadcast; its pool: " + late.mempool());
            }
        }
    }

    private static List<String> sendSome(LocalNode node, String from, String to, int count) {
        List<String> txids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txids.add(((JsonObject) node.rpc("send", from, to, 10)).getString("txid"));
        }
        return txids;
    }

    private static Set<String> txidSet(JsonArray txids) {
        return txids.stream().map(String.class::cast).collect(Collectors.toSet());
    }

}
