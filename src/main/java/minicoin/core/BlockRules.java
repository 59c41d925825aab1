package minicoin.core;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a block must meet on its own: size, proof of work, time, coinbase placement, each
 * transaction's own rules, no repeated transaction, and the Merkle root. Whether it extends a
 * known chain with the right bits and height is checked in {@code minicoin.chain}.
 */
public final class BlockRules {

    private BlockRules() {
    }

    /** What a header alone can show: its bits are valid for the network and its hash meets them. */
    public static Optional<Rejection> checkHeader(BlockHeader header, Hash hash, ConsensusParams params, long nowSeconds) {
        BigInteger target;
        try {
            target = ProofOfWork.decodeBits(header.bits());
        } catch (IllegalArgumentException e) {
            return reject(RejectCode.BAD_BITS, e.getMessage());
        }
        if (target.signum() <= 0 || target.compareTo(params.powLimit()) > 0) {
            return reject(RejectCode.BAD_BITS,
                    "bits " + ProofOfWork.hex(header.bits()) + " are outside the network's proof-of-work range");
        }
        if (!ProofOfWork.meetsTarget(hash, target)) {
            return reject(RejectCode.HIGH_HASH, "hash " + hash + " does not meet its target");
        }
        if (header.time() > nowSeconds + params.maxFutureBlockTimeSeconds()) {
            return reject(RejectCode.TIME_TOO_NEW, "block time " + header.time() + " is more than "
                    + params.maxFutureBlockTimeSeconds() + " s ahead of the clock (" + nowSeconds + ")");
        }
        return Optional.empty();
    }

    public static Optional<Rejection> checkContextFree(Block block, ConsensusParams params, long nowSeconds) {
        if (block.size() > params.maxBlockBytes()) {
            return reject(RejectCode.BLOCK_TOO_LARGE,
                    "block of " + block.size() + " bytes exceeds the limit of " + params.maxBlockBytes());
        }
        Optional<Rejection> header = checkHeader(block.header(), block.hash(), params, nowSeconds);
        if (header.isPresent()) {
            return header;
        }
        List<Transaction> transactions = block.transactions();
        if (transactions.isEmpty()) {
            return reject(RejectCode.NO_TRANSACTIONS, "a block needs at least its coinbase");
        }
        if (!transactions.get(0).isCoinbase()) {
            return reject(RejectCode.FIRST_NOT_COINBASE, "the first transaction is not a coinbase");
        }
        Set<Hash> txids = new HashSet<>();
        for (int i = 0; i < transactions.size(); i++) {
            Transaction tx = transactions.get(i);
            if (i > 0 && tx.isCoinbase()) {
                return reject(RejectCode.MULTIPLE_COINBASES, "transaction " + i + " is a second coinbase");
            }
            Optional<Rejection> rejection = TransactionRules.checkContextFree(tx, params);
            if (rejection.isPresent()) {
                Rejection inner = rejection.get();
                return reject(inner.code(), "transaction " + i + " (" + tx.txid() + "): " + inner.reason());
            }
            if (!txids.add(tx.txid())) {
                return reject(RejectCode.DUPLICATE_TRANSACTION, "transaction " + tx.txid() + " appears twice");
            }
        }
        Hash merkleRoot = block.computeMerkleRoot();
        if (!merkleRoot.equals(block.header().merkleRoot())) {
            return reject(RejectCode.BAD_MERKLE_ROOT,
                    "header Merkle root " + block.header().merkleRoot() + " differs from the transactions' " + merkleRoot);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectCode code, String reason) {
        return Optional.of(new Rejection(code, reason));
    }
}
