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

    @Test
    void aUsersSubnetBanHoldsEveryAddressInItLoopbackIncludedUntilItsEnd() {
        BanList bans = new BanList();
        assertTrue(bans.banSubnet(BannedSubnet.parse("127.0.0.0/8").orElseThrow(), 1_000, 5_000));

        assertTrue(bans.inBannedSubnet("127.0.0.1", 4_999));
        assertFalse(bans.inBannedSubnet("10.0.0.1", 4_999));
        assertFalse(bans.inBannedSubnet("127.0.0.1", 5_000), "lapsed");
    }

    @Test
    void aSubnetIsBannedOnceAndTheListIsBounded() {
        BanList bans = new BanList();
        BannedSubnet subnet = BannedSubnet.parse("198.51.100.0/24").orElseThrow();
        assertTrue(bans.banSubnet(subnet, 0, Long.MAX_VALUE));
        assertFalse(bans.banSubnet(subnet, 0, Long.MAX_VALUE), "already banned");
        for (int i = 1; i < BanList.MAX_SUBNET_BANS; i++) {
            assertTrue(bans.banSubnet(BannedSubnet.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24").orElseThrow(),
                    0, Long.MAX_VALUE));
        }
        assertTrue(bans.subnetsFull(0));
        assertFalse(bans.banSubnet(BannedSubnet.parse("192.0.2.1").orElseThrow(), 0, Long.MAX_VALUE));
    }

    @Test
    void listedBansUseCoresFormsAndRemoveLiftsAMisbehaviourBanOfTheSameAddress() {
        BanList bans = new BanList();
        bans.ban(List.of("203.0.113.5", "ab".repeat(32)), 1_000);
        bans.banSubnet(BannedSubnet.parse("198.51.100.0/24").orElseThrow(), 2_000, 9_000);

        var listed = bans.listed(3_000);

        assertEquals(List.of("198.51.100.0/24", "203.0.113.5/32", "ab".repeat(32)), List.copyOf(listed.keySet()));
        assertEquals(new BanList.Ban(2_000, 9_000), listed.get("198.51.100.0/24"));
        assertEquals(new BanList.Ban(1_000, 1_000 + BanList.BAN_MILLIS), listed.get("203.0.113.5/32"));

        assertTrue(bans.unbanSubnet(BannedSubnet.parse("203.0.113.5").orElseThrow()));
        assertFalse(bans.isBanned("203.0.113.5", 3_000));
        assertFalse(bans.unbanSubnet(BannedSubnet.parse("203.0.113.5").orElseThrow()), "nothing left to lift");
        bans.clear();
        assertTrue(bans.listed(3_000).isEmpty());
    }
}
