package minicoin.p2p;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.ConsensusParams;
import minicoin.core.Genesis;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/** One or more realistic messages of every type, for round-trip, truncation and fuzz tests. */
final class WireSamples {

    static final int MAGIC = ConsensusParams.REGTEST.magic();

    private WireSamples() {
    }

    /** The compressed public key of a key made from {@code seed}: a node key for handshakes. */
    static minicoin.core.Bytes nodeKey(String seed) {
        return minicoin.core.Bytes.of(PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)))
                .publicKey().toBytes());
    }

    static Hash hash(String seed) {
        return Hash.of(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static Block genesis() {
        return Genesis.create(ConsensusParams.REGTEST, key("genesis").publicKey().address(), 1_700_000_000L);
    }

    static Transaction payment() {
        Transaction coinbase = genesis().transactions().get(0);
        return new PaymentBuilder()
                .spend(new OutPoint(coinbase.txid(), 0), coinbase.outputs().get(0), key("genesis"))
                .pay(key("alice").publicKey().address(), 600)
                .pay(key("bob").publicKey().address(), 400)
                .build();
    }

    static Block blockWithPayment() {
        Block genesis = genesis();
        List<Transaction> txs = List.of(genesis.transactions().get(0), payment());
        BlockHeader header = new BlockHeader(1, genesis.hash(), Merkle.rootOf(txs), 1_700_000_100L,
                ConsensusParams.REGTEST.initialBits(), 12345);
        return new Block(header, txs);
    }

    static List<Message> all() {
        List<Message> messages = new ArrayList<>();
        messages.add(new Handshake(MAGIC, Handshake.PROTOCOL_VERSION, hash("genesis"), 1234, hash("tip"),
                new BigInteger("123456789abcdef0123456789", 16), nodeKey("node"), 5678, 0x0123456789abcdefL,
                hash("challenge")));
        messages.add(new Handshake(MAGIC, Handshake.PROTOCOL_VERSION, Hash.ZERO, 0, Hash.ZERO, BigInteger.ZERO,
                nodeKey("fresh node"), 0, -1L, Hash.ZERO));
        messages.add(NodeProof.sign(PrivateKey.fromBytes(Hashes.sha256(new byte[] {1})), MAGIC, hash("ours"),
                (Handshake) messages.get(0)));
        messages.add(new GetBlocks(List.of(hash("a"), hash("b"), hash("genesis")), Hash.ZERO));
        messages.add(new Transactions(List.of(payment(), genesis().transactions().get(0))));
        messages.add(new Transactions(List.of()));
        messages.add(new Inv(List.of(InvItem.tx(hash("tx1")), InvItem.block(hash("block1")))));
        messages.add(new GetData(List.of(InvItem.block(hash("block2")), InvItem.tx(hash("tx2")))));
        messages.add(new BlockMessage(blockWithPayment()));
        messages.add(new BlockMessage(genesis()));
        messages.add(new GetHeaders(List.of(hash("tip"), hash("genesis")), hash("stop")));
        messages.add(new GetHeaders(List.of(), Hash.ZERO));
        messages.add(new Headers(List.of(genesis().header(), blockWithPayment().header())));
        messages.add(new Ping(42));
        messages.add(new Pong(Long.MIN_VALUE));
        messages.add(new Reject(MessageType.BLOCK, "BAD_MERKLE_ROOT", "merkle root mismatch — bloc rejeté"));
        return messages;
    }
}
