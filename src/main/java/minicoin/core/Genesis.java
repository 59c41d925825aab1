package minicoin.core;

import java.util.List;
import minicoin.crypto.Address;

/** Builds a network's first block: height 0, no parent, the subsidy paid to one address. */
public final class Genesis {

    private Genesis() {
    }

    /** A solved genesis block at {@code timeSeconds} paying the network's subsidy to {@code payTo}. */
    public static Block create(ConsensusParams params, Address payTo, long timeSeconds) {
        Transaction coinbase = Coinbase.create(0, params.subsidy(), payTo);
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO,
                Merkle.rootOf(List.of(coinbase)), timeSeconds, params.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), List.of(coinbase));
    }
}
