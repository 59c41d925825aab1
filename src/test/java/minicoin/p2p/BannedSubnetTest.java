package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BannedSubnetTest {

    private static BannedSubnet subnet(String text) {
        return BannedSubnet.parse(text).orElseThrow(() -> new AssertionError(text + " did not parse"));
    }

    @Test
    void anAddressIsASlash32AndASubnetHoldsItsRange() {
        assertEquals("203.0.113.5/32", subnet("203.0.113.5").toString());
        BannedSubnet range = subnet("203.0.113.77/24");
        assertEquals("203.0.113.0/24", range.toString(), "host bits are dropped, as Core's CSubNet");
        assertTrue(range.contains("203.0.113.200"));
        assertFalse(range.contains("203.0.114.1"));
        assertTrue(subnet("0.0.0.0/0").contains("8.8.8.8"));
        assertFalse(subnet("203.0.113.5").contains("2001:db8::1"), "an IPv4 ban holds no IPv6 address");
    }

    @Test
    void ipv6SubnetsAreParsedAndMatched() {
        BannedSubnet range = subnet("2001:db8::/32");
        assertTrue(range.contains("2001:db8:1234::1"));
        assertTrue(range.contains("[2001:db8::9]"));
        assertFalse(range.contains("2001:db9::1"));
        assertEquals(subnet("2001:0db8::/32"), range);
    }

    @Test
    void textThatIsNoAddressIsRefusedWithoutAskingDns() {
        for (String text : new String[] {"", "example.org", "localhost", "1.2.3.256", "1.2.3.4/33", "1.2.3.4/",
                "1.2.3.4/x", "2001:db8::/129", "1.2.3", "::g", "1".repeat(65)}) {
            assertEquals(Optional.empty(), BannedSubnet.parse(text), text);
        }
        assertFalse(subnet("127.0.0.0/8").contains("localhost"), "a host name is no address");
    }
}
