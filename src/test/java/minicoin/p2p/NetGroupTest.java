package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetGroupTest {

    @Test
    void anIpv4AddressIsGroupedByItsSlash16() {
        assertEquals("203.0", NetGroup.of("203.0.113.5"));
        assertEquals(NetGroup.of("203.0.113.5"), NetGroup.of("203.0.7.9"));
        assertNotEquals(NetGroup.of("203.0.113.5"), NetGroup.of("203.1.113.5"));
        assertEquals("203.0", NetGroup.of("::ffff:203.0.113.5"), "IPv4-mapped IPv6 is its IPv4 address");
    }

    @Test
    void anIpv6AddressIsGroupedByItsSlash32() {
        assertEquals("2001:db8::/32", NetGroup.of("2001:db8:1:2::1"));
        assertEquals(NetGroup.of("2001:db8:1::1"), NetGroup.of("2001:0db8:ffff::7"));
        assertNotEquals(NetGroup.of("2001:db8::1"), NetGroup.of("2001:db9::1"));
        assertEquals("2001:0::/32", NetGroup.of("2001::1"), "a gap right after the first word");
        assertEquals("2001:db8::/32", NetGroup.of("[2001:db8::1]"));
    }

    @Test
    void onlyTheLoopbackAddressLocalNodesShareIsExempt() {
        for (String local : new String[] {"127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "localhost"}) {
            assertTrue(NetGroup.isSharedLoopback(local), local);
            assertEquals(NetGroup.LOOPBACK, NetGroup.of(local), local);
        }
        // Other 127/8 addresses play remote hosts in tests: grouped like any IPv4 address.
        assertFalse(NetGroup.isSharedLoopback("127.0.0.2"));
        assertEquals("127.0", NetGroup.of("127.0.0.2"));
        assertEquals("127.1", NetGroup.of("127.1.0.1"));
    }

    @Test
    void aHostNameIsItsOwnGroupAndIsNeverResolved() {
        assertEquals("seed.example.org", NetGroup.of("Seed.Example.org"));
        assertEquals("1.2.3", NetGroup.of("1.2.3"), "not a dotted quad: a name");
        assertEquals("300.1.1.1", NetGroup.of("300.1.1.1"));
    }
}
