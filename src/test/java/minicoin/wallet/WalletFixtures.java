package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import minicoin.core.ConsensusParams;
import minicoin.core.Transaction;
import minicoin.core.TransactionRules;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.PublicKey;
import minicoin.crypto.Signatures;

/** Deterministic keys, network parameters and transaction checks for wallet tests. */
final class WalletFixtures {

    /** Coinbases spendable at once, as in the seed. */
    static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    /** scrypt cheap enough for tests (16 KiB, well under a millisecond); its strength is not what they check. */
    static final KeyDerivation TEST_KDF = new KeyDerivation.Scrypt(16, 8, 1);

    private WalletFixtures() {
    }

    static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static Address address(String seed) {
        return key(seed).publicKey().address();
    }

    /** REGTEST with another coinbase maturity. */
    static ConsensusParams withMaturity(int maturity) {
        ConsensusParams p = PARAMS;
        return new ConsensusParams(p.name(), p.magic(), p.subsidy(), p.maxMoney(), p.maxBlockBytes(), p.maxTxBytes(),
                p.targetSpacingSeconds(), p.retargetInterval(), p.powLimit(), p.initialBits(), maturity,
                p.maxFutureBlockTimeSeconds());
    }

    /** REGTEST with another transaction size cap. */
    static ConsensusParams withMaxTxBytes(int maxTxBytes) {
        ConsensusParams p = PARAMS;
        return new ConsensusParams(p.name(), p.magic(), p.subsidy(), p.maxMoney(), p.maxBlockBytes(), maxTxBytes,
                p.targetSpacingSeconds(), p.retargetInterval(), p.powLimit(), p.initialBits(), p.coinbaseMaturity(),
                p.maxFutureBlockTimeSeconds());
    }

    /**
     * Asserts that {@code tx} passes the context-free rules and that each input is signed by the
     * key owning the output it spends, over that output's signature hash.
     */
    static void assertValidlySigned(Transaction tx, FakeCoinSource coins) {
        assertEquals(Optional.empty(), TransactionRules.checkContextFree(tx, PARAMS));
        for (int i = 0; i < tx.inputs().size(); i++) {
            TxIn input = tx.inputs().get(i);
            TxOut spent = coins.output(input.prevOut());
            byte[] publicKey = input.publicKey().toArray();
            assertEquals(spent.address(), PublicKey.fromBytes(publicKey).address(), "input " + i + " key owns the output");
            byte[] hash = tx.signatureHash(i, spent).toArray();
            assertTrue(Signatures.verify(publicKey, hash, input.signature().toArray()), "input " + i + " signature");
        }
    }

    /** Inputs minus outputs. */
    static long fee(Transaction tx, FakeCoinSource coins) {
        long in = tx.inputs().stream().mapToLong(input -> coins.output(input.prevOut()).value()).sum();
        long out = tx.outputs().stream().mapToLong(TxOut::value).sum();
        return in - out;
    }
}
