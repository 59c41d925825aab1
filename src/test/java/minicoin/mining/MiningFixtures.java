package minicoin.mining;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/** Templates as {@code chain.template} builds them, on fixed parents, for miner tests. */
final class MiningFixtures {

    static final long NOW = 1_700_000_000L;
    static final Address MINER_ADDRESS = address("miner");
    /** A target of 1: no header meets it, so a search runs until cancelled. */
    static final long IMPOSSIBLE_BITS = 0x03000001L;

    private MiningFixtures() {
    }

    static Address address(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8))).publicKey().address();
    }

    static Hash hashOf(String seed) {
        return Hash.doubleSha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsolved block at {@code height} on {@code parent}: a coinbase with {@code extraNonce}, then {@code payments}. */
    static Block template(Hash parent, long height, long bits, Address payTo, Bytes extraNonce, long time,
            List<Transaction> payments) {
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(Coinbase.create(height, ConsensusParams.DEVNET.subsidy(), payTo, extraNonce));
        transactions.addAll(payments);
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, parent, Merkle.rootOf(transactions),
                time, bits, 0);
        return new Block(header, transactions);
    }

    static Block template(ConsensusParams params, Bytes extraNonce) {
        return template(hashOf("parent"), 7, params.initialBits(), MINER_ADDRESS, extraNonce, NOW, List.of());
    }

    static Block impossibleTemplate() {
        return template(hashOf("parent"), 7, IMPOSSIBLE_BITS, MINER_ADDRESS, Bytes.fromHex("00000000"), NOW, List.of());
    }

    /** The coinbase data after the 4-byte height. */
    static Bytes extraNonce(Block block) {
        byte[] data = block.transactions().get(0).inputs().get(0).publicKey().toArray();
        return Bytes.of(java.util.Arrays.copyOfRange(data, 4, data.length));
    }
}
