package minicoin.chaos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layout of {@code scripts/chaos --netns}: a hub namespace holding a bridge, and each node in a
 * namespace of its own joined to the bridge by a veth pair. Nothing is made or addressed outside
 * the namespaces named here, and deleting them removes everything (the veths go with their ends).
 *
 * <pre>
 *   hub  (TAG-hub)   br0: 10.78.0.1/16 (the harness: RPC to every node, the link proxies)
 *                         10.(128+k).0.1/32 for each node k: node k's "face", the address its
 *                         link proxies listen on and dial from
 *   node (TAG-nK)    eth0: 10.78.0.(K+2)/16, default route via 10.78.0.1; p2p, RPC (HTTPS) and
 *                         discovery on that address
 * </pre>
 *
 * <p>Node A reaches node B only through the proxy A→B in the hub: A's {@code p2p.peers} entry for B
 * is {@code face(B):port}, and the proxy dials B's address from {@code face(A)}. Each face is a /16
 * of its own because a node caps inbound connections per address and per /16 (PeerGroup, NetGroup):
 * with every proxy dialling from one hub address, B would refuse all but a few. All faces lie in
 * 10.128.0.0/9, so "p2p traffic" is one prefix in the packet-fault rules ({@link #nftRules}), and
 * RPC between the harness (10.78.0.1) and a node is never touched.
 *
 * @param tag                prefix of every namespace name (short: the script uses {@code mcc<pid>})
 * @param nodes              nodes, at most {@link #MAX_NODES}
 * @param lossPermille       each p2p packet leaving or entering a node's eth0 is dropped with this chance in 1000
 * @param duplicatePermille  each p2p packet leaving a node's eth0 is sent twice with this chance in 1000
 */
public record NetnsPlan(String tag, int nodes, int lossPermille, int duplicatePermille) {

    /** The bridge's network: 10.78/16, beside cluster-demo's 10.77.0/24 and unlikely to clash with anything real. */
    static final String BRIDGE_PREFIX = "10.78";
    static final int BRIDGE_BITS = 16;
    /** First octet pair of the faces: node k's face is 10.(FACE_BASE+k).0.1, all inside 10.128.0.0/9. */
    static final int FACE_BASE = 128;
    static final String FACES = "10.128.0.0/9";
    /** One face per node inside 10.128.0.0/9: 10.128 .. 10.254 (10.255 is left unused). */
    static final int MAX_NODES = 127;
    /** The node's side of its veth pair, inside its namespace. */
    static final String NODE_DEVICE = "eth0";
    static final String BRIDGE = "br0";
    /** Namespace names end up in /run/netns; interface names in the hub ("vK") stay well under 15 characters. */
    private static final int MAX_TAG_LENGTH = 20;

    public NetnsPlan {
        if (!tag.matches("[a-z][a-z0-9]{0," + (MAX_TAG_LENGTH - 1) + "}")) {
            throw new IllegalArgumentException("a namespace tag is up to " + MAX_TAG_LENGTH
                    + " lower-case letters and digits, starting with a letter: " + tag);
        }
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be within 2.." + MAX_NODES + ", got " + nodes);
        }
        if (lossPermille < 0 || lossPermille > 1000 || duplicatePermille < 0 || duplicatePermille > 1000) {
            throw new IllegalArgumentException("loss and duplication are per mille, 0..1000: " + lossPermille + ", "
                    + duplicatePermille);
        }
    }

    /** From percentages as the script takes them ({@code --loss 2 --duplicate 0.5}), to the rules' resolution of 0.1 %. */
    public static NetnsPlan ofPercent(String tag, int nodes, double lossPercent, double duplicatePercent) {
        return new NetnsPlan(tag, nodes, (int) Math.round(lossPercent * 10), (int) Math.round(duplicatePercent * 10));
    }

    public String hubNamespace() {
        return tag + "-hub";
    }

    public String nodeNamespace(int node) {
        return tag + "-n" + check(node);
    }

    public String hubAddress() {
        return BRIDGE_PREFIX + ".0.1";
    }

    public String nodeAddress(int node) {
        return BRIDGE_PREFIX + ".0." + (check(node) + 2);
    }

    /** Node {@code node}'s address in the hub: its proxies' listening address, and the source of their dials to others. */
    public String face(int node) {
        return "10." + (FACE_BASE + check(node)) + ".0.1";
    }

    public InetAddress faceAddress(int node) {
        return literal(face(node));
    }

    public InetAddress nodeInetAddress(int node) {
        return literal(nodeAddress(node));
    }

    /** The command that runs a program inside node {@code node}'s namespace (ip execs in place: the process is the program). */
    public List<String> execPrefix(int node) {
        return List.of("ip", "netns", "exec", nodeNamespace(node));
    }

    /**
     * The packet faults of one node's namespace. A netdev table on eth0's ingress and egress hooks:
     * a packet dropped there is lost as on a wire (TCP sees no error and retransmits on its timer),
     * where a drop on the ip output hook would hand the sender EPERM at once. Only packets to or from
     * a face (p2p, through the proxies) are touched. The fence rejects any packet out of eth0 to an
     * address that is neither the hub nor a face: nodes meet only through the links the harness
     * controls, even if they learn each other's real addresses.
     */
    public String nftRules() {
        List<String> egress = new ArrayList<>();
        List<String> ingress = new ArrayList<>();
        if (lossPermille > 0) {
            ingress.add("ip saddr " + FACES + " numgen random mod 1000 < " + lossPermille + " counter drop");
            egress.add("ip daddr " + FACES + " numgen random mod 1000 < " + lossPermille + " counter drop");
        }
        if (duplicatePermille > 0) {
            egress.add("ip daddr " + FACES + " numgen random mod 1000 < " + duplicatePermille + " counter dup to \""
                    + NODE_DEVICE + "\"");
        }
        StringBuilder rules = new StringBuilder();
        rules.append("table ip chaos_fence {\n")
                .append("  chain output {\n")
                .append("    type filter hook output priority 0; policy accept;\n")
                .append("    oifname \"").append(NODE_DEVICE).append("\" ip daddr != { ").append(hubAddress()).append(", ")
                .append(FACES).append(" } counter reject\n")
                .append("  }\n")
                .append("}\n");
        rules.append("table netdev chaos {\n");
        chain(rules, "ingress", ingress);
        chain(rules, "egress", egress);
        rules.append("}\n");
        return rules.toString();
    }

    private static void chain(StringBuilder rules, String hook, List<String> body) {
        rules.append("  chain ").append(hook).append(" {\n")
                .append("    type filter hook ").append(hook).append(" device \"").append(NODE_DEVICE)
                .append("\" priority 0; policy accept;\n");
        body.forEach(rule -> rules.append("    ").append(rule).append('\n'));
        rules.append("  }\n");
    }

    /**
     * The shell commands that build the whole layout from nothing (run as root by scripts/chaos, which
     * deletes the namespaces on every exit). Every veth is created inside the hub with its peer moved
     * straight into the node's namespace, so the caller's namespace never holds an end.
     */
    public String setupScript() {
        String hub = hubNamespace();
        List<String> lines = new ArrayList<>();
        lines.add("set -euo pipefail");
        lines.add("ip netns add " + hub);
        lines.add("ip -n " + hub + " link set lo up");
        lines.add("ip -n " + hub + " link add " + BRIDGE + " type bridge");
        lines.add("ip -n " + hub + " addr add " + hubAddress() + "/" + BRIDGE_BITS + " dev " + BRIDGE);
        for (int k = 0; k < nodes; k++) {
            lines.add("ip -n " + hub + " addr add " + face(k) + "/32 dev " + BRIDGE);
        }
        lines.add("ip -n " + hub + " link set " + BRIDGE + " up");
        for (int k = 0; k < nodes; k++) {
            String ns = nodeNamespace(k);
            lines.add("ip netns add " + ns);
            lines.add("ip -n " + ns + " link set lo up");
            lines.add("ip -n " + hub + " link add v" + k + " type veth peer name " + NODE_DEVICE + " netns " + ns);
            lines.add("ip -n " + hub + " link set v" + k + " master " + BRIDGE + " up");
            lines.add("ip -n " + ns + " addr add " + nodeAddress(k) + "/" + BRIDGE_BITS + " dev " + NODE_DEVICE);
            lines.add("ip -n " + ns + " link set " + NODE_DEVICE + " up");
            lines.add("ip -n " + ns + " route add default via " + hubAddress());
            lines.add("ip netns exec " + ns + " nft -f - <<'NFT'\n" + nftRules() + "NFT");
        }
        return String.join("\n", lines) + "\n";
    }

    private int check(int node) {
        if (node < 0 || node >= nodes) {
            throw new IndexOutOfBoundsException("node " + node + " of " + nodes);
        }
        return node;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("not an address literal: " + address, impossible);
        }
    }

    @Override
    public String toString() {
        return "namespaces " + tag + "-hub and " + tag + "-n0.." + tag + "-n" + (nodes - 1) + " on a bridge, "
                + lossPermille / 10.0 + " % packet loss each way and " + duplicatePermille / 10.0
                + " % duplication out of each node (nftables)";
    }

    /**
     * Prints {@link #setupScript} for scripts/chaos: {@code --netns TAG --nodes N [--loss PCT]
     * [--duplicate PCT]}, the other options of the run ignored.
     */
    public static void main(String[] args) {
        Map<String, String> options = ChaosMain.options(args);
        try {
            NetnsPlan plan = ofPercent(options.get("netns"), Integer.parseInt(options.get("nodes")),
                    Double.parseDouble(options.getOrDefault("loss", "0")),
                    Double.parseDouble(options.getOrDefault("duplicate", "0")));
            System.out.print(plan.setupScript());
        } catch (IllegalArgumentException bad) {
            System.err.println("scripts/chaos --netns: " + bad.getMessage());
            System.exit(2);
        }
    }
}
