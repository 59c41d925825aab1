package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;
import org.junit.jupiter.api.Test;

class BanListTest {

    @Test
    void aBanLastsADayAndThenLapses() {
        BanList bans = new BanList();
        bans.ban("203.0.113.5", 1_000);

        assertTrue(bans.isBanned("203.0.113.5", 1_000 + BanList.BAN_MILLIS - 1));
        assertFalse(bans.isBanned("203.0.113.5", 1_000 + BanList.BAN_MILLIS));
        assertTrue(bans.active(1_000 + BanList.BAN_MILLIS).isEmpty());
    }

    @Test
    void loopbackPeersAreBannedByPortAndOthersByAddress() {
        assertEquals("203.0.113.5", BanList.key("203.0.113.5", 5678));
        assertEquals("127.0.0.1:5678", BanList.key("127.0.0.1", 5678));
        assertEquals("::1:5678", BanList.key("::1", 5678));
        assertEquals("localhost:5678", BanList.key("localhost", 5678));
    }

    @Test
    void theListIsBoundedOldestFirst() {
        BanList bans = new BanList();
        for (int i = 0; i <= BanList.MAX_BANS; i++) {
            bans.ban("10.0." + (i / 256) + "." + (i % 256), 0);
        }

        assertEquals(BanList.MAX_BANS, bans.active(1).size());
        assertFalse(bans.isBanned("10.0.0.0", 1), "the oldest ban made room");
    }

    @Test
    void aRejectedTransactionsTextBecomesItsRuleAndAnUnknownCodeNothing() {
        assertEquals(Optional.of(new Rejection(RejectCode.WRONG_KEY, "input 0 is not signed by its owner")),
                BusChainAccess.rejection("WRONG_KEY: input 0 is not signed by its owner"));
        assertEquals(Optional.empty(), BusChainAccess.rejection("SOMETHING_ELSE: x"));
        assertEquals(Optional.empty(), BusChainAccess.rejection("no code here"));
        assertTrue(ChainAccess.provesBadTransaction(RejectCode.WRONG_KEY));
        assertFalse(ChainAccess.provesBadTransaction(RejectCode.MISSING_INPUT));
        assertTrue(ChainAccess.provesBadBlock(RejectCode.BAD_MERKLE_ROOT));
        assertFalse(ChainAccess.provesBadBlock(RejectCode.TIME_TOO_NEW));
    }
}
