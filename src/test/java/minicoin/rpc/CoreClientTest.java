package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wf.bitcoin.javabitcoindrpcclient.BitcoinJSONRPCClient;
import wf.bitcoin.javabitcoindrpcclient.BitcoinRPCException;
import wf.bitcoin.javabitcoindrpcclient.BitcoindRpcClient;

/**
 * A Bitcoin Core RPC client nobody here wrote (JavaBitcoindRpcClient, {@code wf.bitcoin:bitcoin-rpc-client})
 * drives real regtest nodes on loopback, unmodified: HTTP Basic auth with the content of the node's
 * cookie file, JSON-RPC 1.0 requests, Core's result shapes. Each getter of the client's results is
 * read, because the client parses a field only when it is asked for it.
 */
class CoreClientTest {

    @TempDir
    Path dir;

    /** No token in the rpc section: the node writes {@code dataDir/rpc.cookie}, as Core its {@code .cookie}. */
    private static LocalNode startWithCookie(String name, Path dataDir) throws Exception {
        JsonObject rpc = new JsonObject().put("host", "127.0.0.1").put("port", LocalNode.freeTcpPort());
        return LocalNode.start(name, dataDir, "regtest", new JsonObject().put("rpc", rpc));
    }

    /** The URL Core's clients build from the cookie: {@code http://__cookie__:SECRET@host:port/}. */
    private static BitcoinJSONRPCClient coreClient(LocalNode node, Path dataDir) throws Exception {
        String cookie = Files.readString(dataDir.resolve("rpc.cookie"));
        assertTrue(cookie.startsWith("__cookie__:"), cookie);
        return new BitcoinJSONRPCClient(new URL("http://" + cookie + "@127.0.0.1:" + node.rpcPort() + "/"));
    }

    @Test
    void coreClientMinesPaysAndReadsTheChainOverTheCookie() throws Exception {
        Path dataDir = dir.resolve("a");
        try (LocalNode node = startWithCookie("a", dataDir)) {
            BitcoinJSONRPCClient client = coreClient(node, dataDir);

            String miner = client.getNewAddress();
            assertTrue(miner.startsWith("1"), miner);
            // Minicoin's own step: a Core node is born with its genesis, a Minicoin node mines it.
            node.rpc("creategenesis", miner);
            List<String> mined = client.generateToAddress(3, miner);
            assertEquals(3, mined.size());

            BitcoindRpcClient.BlockChainInfo info = client.getBlockChainInfo();
            assertEquals("regtest", info.chain());
            assertEquals(mined.get(2), info.bestBlockHash());
            int tip = info.blocks();
            assertEquals(tip, info.headers());
            assertNotNull(info.difficulty());
            assertNotNull(info.medianTime());
            assertNotNull(info.verificationProgress());
            assertNotNull(info.chainWork());
            assertFalse(info.pruned());

            BitcoindRpcClient.Block block = client.getBlock(mined.get(1));
            assertEquals(mined.get(1), block.hash());
            assertEquals(tip - 1, block.height());
            assertEquals(2, block.confirmations());
            assertEquals(mined.get(0), block.previousHash());
            assertEquals(mined.get(2), block.nextHash());
            assertEquals(1, block.tx().size());
            assertEquals(64, block.merkleRoot().length());
            assertTrue(block.size() > 80);
            assertNotNull(block.time());
            assertNotNull(block.bits());
            assertNotNull(block.difficulty());
            assertEquals(64, block.chainwork().length());
            block.nonce();
            block.version();
            assertEquals(mined.get(0), client.getBlock(tip - 2).hash());

            BitcoindRpcClient.MiningInfo mining = client.getMiningInfo();
            assertEquals(tip, mining.blocks());
            assertEquals("regtest", mining.chain());
            assertNotNull(mining.difficulty());
            assertTrue(mining.networkHashps().signum() >= 0, mining.networkHashps().toPlainString());
            assertEquals(0, mining.pooledTx());

            BigDecimal before = client.getBalance();
            assertTrue(before.signum() > 0, before.toPlainString());

            String payee = client.getNewAddress();
            String txid = client.sendToAddress(payee, new BigDecimal(25));
            assertEquals(64, txid.length());
            BitcoindRpcClient.RawTransaction raw = client.getRawTransaction(txid);
            assertEquals(txid, raw.txId());
            assertFalse(raw.vIn().isEmpty());
            assertTrue(raw.vOut().stream().anyMatch(out -> out.value().compareTo(new BigDecimal(25)) == 0));

            client.generateToAddress(1, miner);
            List<BitcoindRpcClient.Unspent> unspent = client.listUnspent();
            BitcoindRpcClient.Unspent paid = unspent.stream().filter(coin -> coin.txid().equals(txid)
                    && coin.address().equals(payee)).findFirst().orElseThrow();
            assertEquals(0, paid.amount().compareTo(new BigDecimal(25)));
            assertEquals(1, paid.confirmations());
            assertNotNull(paid.scriptPubKey());
            paid.vout();

            List<BitcoindRpcClient.Transaction> history = client.listTransactions();
            assertTrue(history.size() <= 10, "Core's default count");
            BitcoindRpcClient.Transaction received = history.stream()
                    .filter(entry -> txid.equals(entry.txId()) && "receive".equals(entry.category())
                    && payee.equals(entry.address())).findFirst().orElseThrow();
            assertEquals("receive", received.category());
            assertEquals(0, received.amount().compareTo(new BigDecimal(25)));
            assertEquals(1, received.confirmations());
            BitcoindRpcClient.Transaction newest = history.get(history.size() - 1);
            assertTrue(newest.confirmations() <= history.get(0).confirmations(), "oldest first");
            assertTrue(history.stream().anyMatch(entry -> "generate".equals(entry.category()) && entry.generated()));
        }
    }

    /**
     * A miner of Core's kind: outputs through gettxout and gettxoutsetinfo, a block's hex and decoded
     * transactions through getblock 0 and 2, and a block built from getblocktemplate handed back
     * through submitblock (the client has no getblocktemplate of its own: the test asks for it).
     */
    @Test
    void coreClientReadsOutputsAndBlocksAndSubmitsAMinedBlock() throws Exception {
        Path dataDir = dir.resolve("miner");
        try (LocalNode node = startWithCookie("miner", dataDir)) {
            BitcoinJSONRPCClient client = coreClient(node, dataDir);
            String miner = client.getNewAddress();
            node.rpc("creategenesis", miner);
            String hash = client.generateToAddress(1, miner).get(0);
            BitcoindRpcClient.Block block = client.getBlock(hash);
            String coinbase = block.tx().get(0);

            BitcoindRpcClient.TxOut out = client.getTxOut(coinbase, 0);
            assertEquals(hash, out.bestBlock());
            assertEquals(1, out.confirmations());
            assertEquals(0, out.value().compareTo(new BigDecimal(1000)));
            assertTrue(out.coinBase());

            BitcoindRpcClient.TxOutSetInfo set = client.getTxOutSetInfo();
            assertEquals(1, set.height());
            assertEquals(2, set.txouts());
            assertEquals(2, set.transactions());
            assertEquals(0, set.totalAmount().compareTo(new BigDecimal(2000)));

            String raw = client.getRawBlock(hash);
            Block decoded = Block.decode(HexFormat.of().parseHex(raw));
            assertEquals(hash, decoded.hash().toString());
            BitcoindRpcClient.BlockWithTxInfo withTx = client.getBlockWithTxInfo(hash);
            assertEquals(hash, withTx.hash());
            assertEquals(coinbase, withTx.tx().get(0).txId());

            JsonObject template = (JsonObject) node.rpc("getblocktemplate");
            Transaction reward = Coinbase.create(template.getLong("height"), template.getLong("coinbasevalue"),
                    Address.parse(miner), Bytes.of(new byte[] {7}));
            BlockHeader header = new BlockHeader(template.getInteger("version"), Hash.fromHex(template.getString("previousblockhash")),
                    Merkle.rootOf(List.of(reward)), template.getLong("curtime"), Long.parseLong(template.getString("bits"), 16), 0);
            Block mined = new Block(HeaderHasher.solve(header), List.of(reward));
            client.submitBlock(HexFormat.of().formatHex(mined.encode()));
            assertEquals(mined.hash().toString(), client.getBestBlockHash());
            assertEquals(2, client.getBlockCount());
        }
    }

    @Test
    void coreClientDumpsAndImportsKeysAndReadsAddressAndNetworkInfo() throws Exception {
        Path dataDir = dir.resolve("k");
        try (LocalNode node = startWithCookie("k", dataDir)) {
            BitcoinJSONRPCClient client = coreClient(node, dataDir);
            String miner = client.getNewAddress();
            node.rpc("creategenesis", miner);
            client.generateToAddress(2, miner);

            String wif = client.dumpPrivKey(miner);
            assertTrue(wif.startsWith("K") || wif.startsWith("L"), "a compressed WIF key");
            BitcoindRpcClient.AddressInfo info = client.getAddressInfo(miner);
            assertEquals(miner, info.address());
            assertTrue(info.isMine());
            assertTrue(info.solvable());
            assertFalse(info.isWatchOnly());
            assertEquals(66, info.pubKey().length());
            assertTrue(info.isCompressed());
            assertTrue(info.scriptPubKey().startsWith("76a914"));

            // The secp256k1 key 1, paid before the wallet holds it, then imported: its coins and history are the wallet's.
            String keyOne = "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH";
            assertFalse(client.getAddressInfo(keyOne).isMine());
            String payment = client.sendToAddress(keyOne, new BigDecimal(30));
            // gettransaction: Core's wallet keys beside ours, as the client reads them. The client also
            // fetches getrawtransaction of the txid, which (as Core's without -txindex) finds only a
            // mempool transaction: so this reads the payment before it is mined.
            BitcoindRpcClient.Transaction paying = client.getTransaction(payment);
            assertEquals(payment, paying.txId());
            assertEquals(0, paying.amount().compareTo(new BigDecimal(-30)), "the net effect on the wallet, fee apart");
            assertTrue(paying.fee().signum() < 0, "Core's negative fee of a payment the wallet made");
            assertEquals(0, paying.confirmations());
            assertNull(paying.blockHash());
            assertNotNull(paying.time());
            assertNotNull(paying.timeReceived());
            assertEquals(payment, paying.raw().txId());
            String payees = (String) node.rpc("sendmany", "", new JsonObject().put(keyOne, 5).put(client.getNewAddress(), 6));
            assertEquals(64, payees.length());
            client.generateToAddress(1, miner);
            BitcoindRpcClient.Transaction sent = client.listTransactions().stream()
                    .filter(entry -> payment.equals(entry.txId()) && "send".equals(entry.category())).findFirst().orElseThrow();
            assertEquals(0, sent.amount().compareTo(new BigDecimal(-30)));
            assertTrue(sent.fee().signum() < 0, "Core's negative fee of a send");
            assertEquals(0, paying.fee().compareTo(sent.fee()), "gettransaction's fee is listtransactions'");


            client.importPrivKey("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", "", true);
            assertTrue(client.getAddressInfo(keyOne).isMine());
            LocalNode.eventually(java.time.Duration.ofSeconds(20), () -> client.listTransactions("*", 50).stream()
                    .anyMatch(entry -> payment.equals(entry.txId()) && "receive".equals(entry.category())
                            && keyOne.equals(entry.address())), () -> "the rescan recorded the payment to the imported key");

            BitcoindRpcClient.NetworkInfo network = client.getNetworkInfo();
            assertEquals(100, network.version());
            assertEquals("/Minicoin:0.1.0/", network.subversion());
            assertEquals(2, network.protocolVersion());
            assertNotNull(network.relayFee());
            assertEquals(5, network.networks().size());
            assertTrue(network.localAddresses().isEmpty());
            assertEquals("", network.warnings());
            client.ping();

            node.rpc("encryptwallet", "correct horse battery staple");
            BitcoinRPCException dump = assertThrows(BitcoinRPCException.class, () -> client.dumpPrivKey(miner));
            // The client leaves getRPCError() empty on an HTTP 500 (Core's status for any error): read the body it kept.
            assertEquals(-13, new JsonObject(dump.getResponse()).getJsonObject("error").getInteger("code"),
                    "refused while locked, as Core");
            BitcoinRPCException load = assertThrows(BitcoinRPCException.class,
                    () -> client.importPrivKey("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"));
            assertEquals(-13, new JsonObject(load.getResponse()).getJsonObject("error").getInteger("code"));
            assertFalse(load.getResponse().contains("KwDiBf89"), "the key is not repeated");
        }
    }

    @Test
    void coreClientSeesTheTwoNodesAsPeers() throws Exception {
        Path dataA = dir.resolve("a");
        Path dataB = dir.resolve("b");
        try (LocalNode a = startWithCookie("a", dataA); LocalNode b = startWithCookie("b", dataB)) {
            b.rpc("addnode", a.p2pAddress());
            LocalNode.eventually(java.time.Duration.ofSeconds(20), () -> a.readyPeers() == 1 && b.readyPeers() == 1,
                    () -> "peers " + a.peers() + " / " + b.peers());
            List<BitcoindRpcClient.PeerInfoResult> peersOfB = coreClient(b, dataB).getPeerInfo();
            assertEquals(1, peersOfB.size());
            BitcoindRpcClient.PeerInfoResult peer = peersOfB.get(0);
            assertEquals(a.p2pAddress(), peer.getAddr());
            assertFalse(peer.isInbound());
            assertTrue(peer.getBytesSent() > 0);
            assertTrue(peer.getBytesRecv() > 0);
                        peer.getId();
            peer.getStartingHeight();
            peer.getConnTime();
            List<BitcoindRpcClient.PeerInfoResult> peersOfA = coreClient(a, dataA).getPeerInfo();
            assertEquals(1, peersOfA.size());
            assertTrue(peersOfA.get(0).isInbound());
        }
    }
}
