package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import minicoin.p2p.NetGroup;
import org.junit.jupiter.api.Test;

/** The namespace layout's addresses and rules, as text: no root, no namespace made. */
class NetnsPlanTest {

    @Test
    void eachNodesFaceIsANetworkGroupOfItsOwnSoItsPeersInboundCapsLetEveryLinkIn() {
        NetnsPlan plan = new NetnsPlan("mcc1", NetnsPlan.MAX_NODES, 0, 0);
        Set<String> groups = new HashSet<>();
        for (int k = 0; k < plan.nodes(); k++) {
            groups.add(NetGroup.of(plan.face(k)));
            assertFalse(NetGroup.isSharedLoopback(plan.face(k)));
        }

        assertEquals(plan.nodes(), groups.size());
        assertFalse(groups.contains(NetGroup.of(plan.hubAddress())));
    }

    @Test
    void nodesShareTheBridgesSubnetWithTheHubAndEachHasItsOwnAddress() {
        NetnsPlan plan = new NetnsPlan("mcc1", 8, 0, 0);
        Set<String> addresses = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            assertTrue(plan.nodeAddress(k).startsWith(NetnsPlan.BRIDGE_PREFIX + "."), plan.nodeAddress(k));
            addresses.add(plan.nodeAddress(k));
        }
        addresses.add(plan.hubAddress());

        assertEquals(9, addresses.size());
        assertEquals("10.78.0.2", plan.nodeAddress(0));
        assertEquals("10.128.0.1", plan.face(0));
        assertEquals("10.254.0.1", new NetnsPlan("mcc1", NetnsPlan.MAX_NODES, 0, 0).face(NetnsPlan.MAX_NODES - 1));
    }

    @Test
    void namespacesCarryTheRunsTagAndNodesRunUnderIpNetnsExec() {
        NetnsPlan plan = new NetnsPlan("mcc42", 3, 0, 0);

        assertEquals("mcc42-hub", plan.hubNamespace());
        assertEquals("mcc42-n2", plan.nodeNamespace(2));
        assertEquals(List.of("ip", "netns", "exec", "mcc42-n1"), plan.execPrefix(1));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.nodeNamespace(3));
    }

    @Test
    void lossDropsP2pPacketsBothWaysAndDuplicationCopiesOutgoingOnes() {
        String rules = NetnsPlan.ofPercent("mcc1", 4, 2, 0.5).nftRules();

        assertTrue(rules.contains("hook ingress device \"eth0\""), rules);
        assertTrue(rules.contains("ip saddr 10.128.0.0/9 numgen random mod 1000 < 20 counter drop"), rules);
        assertTrue(rules.contains("ip daddr 10.128.0.0/9 numgen random mod 1000 < 20 counter drop"), rules);
        assertTrue(rules.contains("ip daddr 10.128.0.0/9 numgen random mod 1000 < 5 counter dup to \"eth0\""), rules);
    }

    @Test
    void rpcToTheHubIsNeverDroppedAndNodesCannotDialEachOtherDirectly() {
        String rules = NetnsPlan.ofPercent("mcc1", 4, 10, 10).nftRules();

        assertFalse(rules.contains("10.78.0.1 numgen"), rules);
        assertFalse(rules.contains("10.78.0.0/16 numgen"), rules);
        assertTrue(rules.contains("oifname \"eth0\" ip daddr != { 10.78.0.1, 10.128.0.0/9 } counter reject"), rules);
    }

    @Test
    void noFaultRuleWithoutLossOrDuplication() {
        String rules = new NetnsPlan("mcc1", 4, 0, 0).nftRules();

        assertFalse(rules.contains("numgen"), rules);
        assertTrue(rules.contains("reject"), rules);
    }

    @Test
    void theSetupBuildsEverythingInsideTheNamespacesItNames() {
        NetnsPlan plan = new NetnsPlan("mcc7", 2, 20, 0);
        String script = plan.setupScript();

        for (String line : script.split("\n")) {
            if (line.startsWith("ip ") && !line.startsWith("ip netns add ")) {
                assertTrue(line.startsWith("ip -n mcc7-") || line.startsWith("ip netns exec mcc7-"), line);
            }
        }
        assertTrue(script.contains("ip -n mcc7-hub link add v1 type veth peer name eth0 netns mcc7-n1"), script);
        assertTrue(script.contains("ip -n mcc7-hub addr add 10.129.0.1/32 dev br0"), script);
        assertTrue(script.contains("ip -n mcc7-n0 route add default via 10.78.0.1"), script);
        assertTrue(script.contains("ip netns exec mcc7-n1 nft -f - <<'NFT'\n" + plan.nftRules() + "NFT"), script);
    }

    @Test
    void refusesWhatItCannotLayOut() {
        assertThrows(IllegalArgumentException.class, () -> new NetnsPlan("mcc1", NetnsPlan.MAX_NODES + 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetnsPlan("Bad-Tag", 4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetnsPlan("mcc1", 4, 1001, 0));
    }
}
