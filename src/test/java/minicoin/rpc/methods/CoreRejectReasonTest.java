package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import minicoin.core.RejectCode;
import org.junit.jupiter.api.Test;

class CoreRejectReasonTest {

    @Test
    void everyCodeHasAReasonInCoresForm() {
        for (RejectCode code : RejectCode.values()) {
            for (String reason : new String[] {CoreRejectReason.forTransaction(code), CoreRejectReason.forBlock(code)}) {
                assertTrue(reason.matches("[a-z0-9 -]+"), code + " gives " + reason);
            }
        }
    }

    @Test
    void theCommonCasesAreCoresOwnStrings() {
        assertEquals("txn-already-in-mempool", CoreRejectReason.forTransaction(RejectCode.ALREADY_KNOWN));
        assertEquals("missing-inputs", CoreRejectReason.forTransaction(RejectCode.MISSING_INPUT));
        assertEquals("min relay fee not met", CoreRejectReason.forTransaction(RejectCode.INSUFFICIENT_FEE));
        assertEquals("too-long-mempool-chain", CoreRejectReason.forTransaction(RejectCode.ANCESTOR_LIMIT));
        assertEquals("bad-txns-inputs-missingorspent", CoreRejectReason.forBlock(RejectCode.MISSING_INPUT));
        assertEquals("high-hash", CoreRejectReason.forBlock(RejectCode.HIGH_HASH));
        assertEquals("bad-cb-height", CoreRejectReason.forBlock(RejectCode.BAD_COINBASE_HEIGHT));
        assertEquals("bad-diffbits", CoreRejectReason.forBlock(RejectCode.BAD_DIFFICULTY));
        assertEquals("time-too-old", CoreRejectReason.forBlock(RejectCode.TIME_TOO_OLD));
        assertEquals("bad-txns-premature-spend-of-coinbase", CoreRejectReason.forBlock(RejectCode.IMMATURE_COINBASE));
        // A rule Core has not keeps our code, in Core's form.
        assertEquals("genesis-mismatch", CoreRejectReason.forBlock(RejectCode.GENESIS_MISMATCH));
    }
}
