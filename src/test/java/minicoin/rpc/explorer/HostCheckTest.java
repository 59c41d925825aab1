package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    private final HostCheck check = new HostCheck("127.0.0.1", List.of("node.lan", "[fd00::1]"));

    @Test
    void loopbackNamesAndConfiguredHostsPassWhateverThePort() {
        assertTrue(check.allows("127.0.0.1:9999"));
        assertTrue(check.allows("localhost"));
        assertTrue(check.allows("LOCALHOST:9999"));
        assertTrue(check.allows("localhost.:9999"));
        assertTrue(check.allows("[::1]:9999"));
        assertTrue(check.allows("node.lan:9999"));
        assertTrue(check.allows("[fd00::1]:80"));
    }

    @Test
    void aDnsRebindingNameIsRefused() {
        assertFalse(check.allows("evil.example:9999"));
        assertFalse(check.allows("127.0.0.1.evil.example"));
        assertFalse(check.allows("localhost.evil.example:9999"));
        assertFalse(check.allows("node.lan.evil.example"));
    }

    @Test
    void aMissingOrMalformedHostIsRefused() {
        assertFalse(check.allows(null));
        assertFalse(check.allows(""));
        assertFalse(check.allows(":9999"));
        assertFalse(check.allows("localhost:http"));
        assertFalse(check.allows("[::1"));
        assertFalse(check.allows("[::1]evil"));
        assertFalse(check.allows("localhost:9999:1"));
    }

    @Test
    void theRpcHostItselfPasses() {
        HostCheck lan = new HostCheck("192.0.2.10", List.of());
        assertTrue(lan.allows("192.0.2.10:9999"));
        assertFalse(lan.allows("192.0.2.11:9999"));
    }
}
