package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs/reliability.md, finding 5, on a real node (chain, wallet, RPC): a stranger pays the wallet
 * from the reward of a block that a reorg then takes away; the wallet had spent what it received.
 * Both records become conflicted instead of staying pending for ever.
 */
class WalletReorgConflictTest {

    private static final PrivateKey STRANGER_KEY = PrivateKey.fromBytes(Hashes.sha256("stranger".getBytes(StandardCharsets.UTF_8)));
    private static final Address STRANGER = STRANGER_KEY.publicKey().address();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void aPaymentFromACoinWhosePayerLostItsBlockIsConflictedAfterTheReorg() throws Exception {
        try (LocalNode node = LocalNode.start("txs-left", dataDir, "regtest",
                new JsonObject().put("roles", new JsonArray().add("chain").add("wallet").add("rpc")))) {
            String genesis = ((JsonObject) node.rpc("creategenesis", STRANGER.toString())).getString("hash");
            String mine = (String) node.rpc("getnewaddress");
            JsonObject template = (JsonObject) node.rpc("getblocktemplate");
            long time = template.getLong("curtime");
            long bits = Long.parseLong(template.getString("bits"), 16);
            Block lost1 = block(Hash.fromHex(genesis), 1, time, bits, List.of(), "lost");
            assertNull(node.rpc("submitblock", hex(lost1)));
            Transaction reward = lost1.transactions().get(0);
            Transaction received = new PaymentBuilder().spend(new OutPoint(reward.txid(), 0), reward.outputs().get(0), STRANGER_KEY)
                    .pay(Address.parse(mine), 600).pay(STRANGER, 397).build();
            Block lost2 = block(lost1.hash(), 2, time + 1, bits, List.of(received), "lost");
            assertNull(node.rpc("submitblock", hex(lost2)));
            LocalNode.eventually(WAIT, () -> "confirmed".equals(walletStatus(node, received.txid())),
                    () -> "the wallet records the payment it received");
            String spend = ((JsonObject) node.rpc("send", mine, STRANGER.toString(), 100)).getString("txid");

            Block rival = null;
            for (int height = 1; height <= 3; height++) {
                rival = block(rival == null ? Hash.fromHex(genesis) : rival.hash(), height, time + height, bits, List.of(), "rival");
                node.rpc("submitblock", hex(rival));
            }
            assertEquals(rival.hash().toString(), node.bestBlockHash());

            LocalNode.eventually(WAIT, () -> "conflicted".equals(walletStatus(node, Hash.fromHex(spend))),
                    () -> "the payment spending the lost coin: " + walletStatus(node, Hash.fromHex(spend)));
            assertEquals("conflicted", walletStatus(node, received.txid()));
            assertEquals(new JsonArray(), node.mempool());
        }
    }

    /** The wallet's status of a transaction out of the mempool, or what else gettransaction says. */
    private static String walletStatus(LocalNode node, Hash txid) {
        JsonObject answer = (JsonObject) node.rpc("gettransaction", txid.toString());
        JsonObject wallet = answer.getJsonObject("wallet");
        return wallet == null ? "inMempool=" + answer.getBoolean("inMempool") : wallet.getString("status");
    }

    private static Block block(Hash parent, long height, long time, long bits, List<Transaction> txs, String tag) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, 1000, STRANGER, Bytes.of(tag.getBytes(StandardCharsets.UTF_8))));
        all.addAll(txs);
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, parent, Merkle.rootOf(all), time, bits, 0);
        return new Block(HeaderHasher.solve(header), all);
    }

    private static String hex(Block block) {
        return HexFormat.of().formatHex(block.encode());
    }
}
