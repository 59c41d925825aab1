package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SubnetTest {

    @Test
    void ipv4AddressesGroupByTheirSlash24() {
        assertEquals(new Subnet("203.0.113.0/24"), Subnet.of("203.0.113.7"));
        assertEquals(Subnet.of("203.0.113.1"), Subnet.of("203.0.113.254"));
        assertNotEquals(Subnet.of("203.0.113.1"), Subnet.of("203.0.112.1"));
    }

    @Test
    void ipv6AddressesGroupByTheirSlash48InAnySpelling() {
        assertEquals(new Subnet("2001:db8:1::/48"), Subnet.of("2001:db8:1:2::7"));
        assertEquals(Subnet.of("2001:db8:1:ffff::1"), Subnet.of("2001:0db8:0001:0000:0000:0000:0000:0009"));
        assertEquals(Subnet.of("2001:db8:1::1"), Subnet.of("[2001:db8:1::2]"));
        assertNotEquals(Subnet.of("2001:db8:1::1"), Subnet.of("2001:db8:2::1"));
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Slash24() {
        assertEquals(Subnet.of("203.0.113.7"), Subnet.of("::ffff:203.0.113.9"));
    }

    @Test
    void textThatIsNoAddressIsItsOwnGroupAndNeverLookedUp() {
        for (String host : new String[] {"example.org", "1.2.3", "1.2.3.256", "01.2.3.4.5", "abc:zz", ".:1", "dead:beef:::"}) {
            assertEquals(new Subnet(host), Subnet.of(host), host);
        }
    }
}
