package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import minicoin.core.Hash;
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
    void aBanKeysOnTheAddressAndTheProvenNodeIdNeverOnAPort() {
        Hash id = Hash.of(new byte[32]);
        String idKey = "0".repeat(64);

        assertEquals(List.of("203.0.113.5", idKey), BanList.keys("203.0.113.5", Optional.of(id)));
        assertEquals(List.of("203.0.113.5"), BanList.keys("203.0.113.5", Optional.empty()));
        assertEquals(List.of("2001:db8::1"), BanList.keys("2001:db8::1", Optional.empty()));
        // 127.0.0.2 plays a remote host; 127.0.0.1 is where every local node lives.
        assertEquals(List.of("127.0.0.2"), BanList.keys("127.0.0.2", Optional.empty()));
    }

    @Test
    void onTheSharedLoopbackAddressOnlyAProvenNodeIdIsAKey() {
        Hash id = Hash.of(new byte[32]);

        assertEquals(List.of("0".repeat(64)), BanList.keys("127.0.0.1", Optional.of(id)));
        assertEquals(List.of(), BanList.keys("127.0.0.1", Optional.empty()));
        assertEquals(List.of(), BanList.keys("::1", Optional.empty()));
        assertEquals(List.of(), BanList.keys("localhost", Optional.empty()));
    }

    @Test
    void anyBannedKeyBansThePeer() {
        BanList bans = new BanList();
        bans.ban(List.of("203.0.113.5", "ab".repeat(32)), 0);

        assertTrue(bans.isBanned(List.of("198.51.100.7", "ab".repeat(32)), 1), "the node id from another address");
        assertTrue(bans.isBanned(List.of("203.0.113.5"), 1), "the address before any id is proven");
        assertFalse(bans.isBanned(List.of("198.51.100.7", "cd".repeat(32)), 1));
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
