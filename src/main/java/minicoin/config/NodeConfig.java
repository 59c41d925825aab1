package minicoin.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node's configuration, as given to the launcher with {@code -conf}: every section and key is
 * optional, unknown keys are errors. {@link #fromJson} checks the document against
 * {@code config-schema.json} (which holds every range and pattern), then applies the checks a
 * schema cannot express, then builds this immutable tree.
 *
 * <p>The records' constructors only guard nulls and copy collections; the limits live in the
 * schema, so build configurations through {@link #fromJson} or {@link #defaults}.
 */
public record NodeConfig(
        Network network,
        Path dataDir,
        Node node,
        Set<Role> roles,
        Discovery discovery,
        P2p p2p,
        Rpc rpc,
        Mining mining,
        Cluster cluster,
        Wallet wallet,
        Chain chain) {

    public static final Network DEFAULT_NETWORK = Network.DEVNET;
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final String DEFAULT_BUS_PREFIX = "minicoin";
    /** Discovery and peer sockets listen on every interface so that other hosts can reach them. */
    public static final String DEFAULT_LISTEN_HOST = "0.0.0.0";
    /** The seed's port; discovery uses it over UDP, peer messaging over TCP. */
    public static final int DEFAULT_NETWORK_PORT = 5678;
    public static final int DEFAULT_MAX_PEERS = 32;
    /** Bitcoin's outbound target: enough peers that a few liars cannot isolate the node. */
    public static final int DEFAULT_MAX_OUTBOUND = 8;
    /** RPC can spend the wallet's coins: loopback only unless the operator says otherwise. */
    public static final String DEFAULT_RPC_HOST = "127.0.0.1";
    public static final int DEFAULT_RPC_PORT = 9999;
    /** A JSON-RPC request carries at most a raw transaction or a batch of small calls. */
    public static final int DEFAULT_RPC_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_RPC_MAX_BATCH = 100;
    public static final MiningMode DEFAULT_MINING_MODE = MiningMode.POOL_FULL;
    public static final int DEFAULT_MINING_THREADS = 1;
    /** The seed mines a block as soon as its mempool holds two transactions. */
    public static final int DEFAULT_TX_POOL_SIZE = 2;
    /** Cluster members talk on loopback unless told otherwise: joining a cluster is a deliberate act. */
    public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";
    /** Hazelcast's own default port; the next free one is taken when it is in use. */
    public static final int DEFAULT_CLUSTER_PORT = 5701;
    /**
     * The mean time between rebroadcasts of the wallet's unconfirmed transactions: Bitcoin Core's
     * ResendWalletTransactions period of about 30 minutes (each wait drawn from half to one and a half times it).
     */
    public static final int DEFAULT_REBROADCAST_SECONDS = 1800;
    /**
     * The main-chain blocks re-read and checked at start (with their undo records): Bitcoin Core's
     * {@code -checkblocks} default of 6, the depth a reorg or a damaged write is likely to reach.
     */
    public static final int DEFAULT_CHECK_BLOCKS = 6;

    /** Shown instead of the RPC token wherever the configuration is printed. */
    public static final String MASK = "***";

    /** What makes the files {@code rpc.tls} and {@code cluster.tls} name. */
    public static final String CERTS_COMMAND = "scripts/cluster-certs";

    private static final int MIN_BOOTSTRAP_PORT = 1;
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_PORT = 65535;

    public NodeConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(roles, "roles");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one role");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(p2p, "p2p");
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(mining, "mining");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(chain, "chain");
    }

    /** The configuration of a working single node with its data under {@code ./data}. */
    public static NodeConfig defaults() {
        return fromJson(new JsonObject());
    }

    /**
     * Checks {@code json} against the schema and the rules beyond it, then builds the tree.
     *
     * @throws ConfigException naming the JSON path of the first error found
     */
    public static NodeConfig fromJson(JsonObject json) {
        JsonObject root = json == null ? new JsonObject() : json;
        SchemaHolder.SCHEMA.check(root);

        JsonObject node = section(root, "node");
        JsonObject discovery = section(root, "discovery");
        JsonObject p2p = section(root, "p2p");
        JsonObject rpc = section(root, "rpc");
        JsonObject mining = section(root, "mining");
        JsonObject cluster = section(root, "cluster");
        JsonObject wallet = section(root, "wallet");
        JsonObject chain = section(root, "chain");
        Set<Role> roles = roles(root.getJsonArray("roles"));

        return new NodeConfig(
                Network.fromId(root.getString("network", DEFAULT_NETWORK.id())),
                Path.of(root.getString("dataDir", DEFAULT_DATA_DIR)),
                new Node(node.getString("busPrefix", DEFAULT_BUS_PREFIX)),
                roles,
                new Discovery(
                        discovery.getString("host", DEFAULT_LISTEN_HOST),
                        discovery.getInteger("port", DEFAULT_NETWORK_PORT),
                        Optional.ofNullable(discovery.getString("advertisedHost")),
                        endpoints(discovery.getJsonArray("bootstrap"), "/discovery/bootstrap/")),
                p2p(p2p),
                rpc(rpc, roles),
                new Mining(
                        MiningMode.fromId(mining.getString("mode", DEFAULT_MINING_MODE.id())),
                        mining.getInteger("threads", DEFAULT_MINING_THREADS),
                        mining.getInteger("txPoolSize", DEFAULT_TX_POOL_SIZE),
                        Optional.ofNullable(mining.getString("rewardAddress"))),
                new Cluster(
                        cluster.getString("host", DEFAULT_CLUSTER_HOST),
                        Optional.ofNullable(cluster.getString("publicHost")),
                        cluster.getInteger("port", DEFAULT_CLUSTER_PORT),
                        cluster.getInteger("eventBusPort", 0),
                        endpoints(cluster.getJsonArray("members"), "/cluster/members/"),
                        Optional.ofNullable(cluster.getJsonObject("tls")).map(tls -> new ClusterTls(
                                Path.of(tls.getString("key")), Path.of(tls.getString("cert")), Path.of(tls.getString("ca"))))),
                new Wallet(wallet.getInteger("rebroadcastSeconds", DEFAULT_REBROADCAST_SECONDS)),
                new Chain(chain.getInteger("checkBlocks", DEFAULT_CHECK_BLOCKS)));
    }

    /**
     * The RPC section; RPC that other hosts can reach must be HTTPS: over plain HTTP anyone on the path
     * reads the token and every reply, and can then spend the wallet.
     */
    private static Rpc rpc(JsonObject rpc, Set<Role> roles) {
        String host = rpc.getString("host", DEFAULT_RPC_HOST);
        Optional<KeyCert> tls = Optional.ofNullable(rpc.getJsonObject("tls"))
                .map(section -> new KeyCert(Path.of(section.getString("key")), Path.of(section.getString("cert"))));
        if (roles.contains(Role.RPC) && tls.isEmpty() && !isLoopback(host)) {
            throw new ConfigException("/rpc/host", "RPC on " + host + " can be reached from other hosts, so it must"
                    + " be HTTPS: add \"tls\": {\"key\": \"KEY.pem\", \"cert\": \"CERT.pem\"} to the rpc section ("
                    + CERTS_COMMAND + " DIR member NAME --host " + host + " makes them; clients then trust DIR/ca.pem),"
                    + " or listen on 127.0.0.1");
        }
        return new Rpc(host,
                rpc.getInteger("port", DEFAULT_RPC_PORT),
                Optional.ofNullable(rpc.getString("token")),
                rpc.getInteger("maxBodyBytes", DEFAULT_RPC_MAX_BODY_BYTES),
                rpc.getInteger("maxBatch", DEFAULT_RPC_MAX_BATCH),
                tls,
                strings(rpc.getJsonArray("rpcauth")),
                strings(rpc.getJsonArray("allowedHosts")),
                rpc.getBoolean("monitoringRequiresToken", false));
    }

    /**
     * Whether {@code host} is this machine's loopback ({@code localhost}, 127.0.0.0/8, ::1), decided from
     * the text alone: no name is looked up, so any other name counts as reachable from elsewhere, and so
     * do the wildcards 0.0.0.0 and ::.
     */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4_LITERAL.matcher(host).matches() && host.indexOf(':') < 0) {
            return false;
        }
        try {
            // A literal address: getByName parses it without a lookup.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The whole configuration, defaults included, for logging: the RPC token shows as {@value #MASK}. */
    public JsonObject toJson() {
        JsonArray roleIds = new JsonArray();
        roles.forEach(role -> roleIds.add(role.id()));
        JsonArray bootstrap = new JsonArray();
        discovery.bootstrap().forEach(endpoint -> bootstrap.add(endpoint.toString()));
        JsonArray peers = new JsonArray();
        p2p.peers().forEach(endpoint -> peers.add(endpoint.toString()));
        JsonArray members = new JsonArray();
        cluster.members().forEach(endpoint -> members.add(endpoint.toString()));
        return new JsonObject()
                .put("network", network.id())
                .put("dataDir", dataDir.toString())
                .put("node", new JsonObject().put("busPrefix", node.busPrefix()))
                .put("roles", roleIds)
                .put("discovery", new JsonObject()
                        .put("host", discovery.host())
                        .put("port", discovery.port())
                        .put("advertisedHost", discovery.advertisedHost().orElse(null))
                        .put("bootstrap", bootstrap))
                .put("p2p", new JsonObject()
                        .put("host", p2p.host())
                        .put("port", p2p.port())
                        .put("maxPeers", p2p.maxPeers())
                        .put("maxOutbound", p2p.maxOutbound())
                        .put("peers", peers))
                .put("rpc", new JsonObject()
                        .put("host", rpc.host())
                        .put("port", rpc.port())
                        .put("token", rpc.token().map(token -> MASK).orElse(null))
                        .put("maxBodyBytes", rpc.maxBodyBytes())
                        .put("maxBatch", rpc.maxBatch())
                        .put("tls", rpc.tls().map(tls -> new JsonObject()
                                .put("key", tls.key().toString()).put("cert", tls.cert().toString())).orElse(null))
                        .put("rpcauth", new JsonArray(rpc.rpcauth().stream()
                                .map(line -> line.substring(0, line.indexOf(':') + 1) + MASK).toList()))
                        .put("allowedHosts", new JsonArray(rpc.allowedHosts()))
                        .put("monitoringRequiresToken", rpc.monitoringRequiresToken()))
                .put("mining", new JsonObject()
                        .put("mode", mining.mode().id())
                        .put("threads", mining.threads())
                        .put("txPoolSize", mining.txPoolSize())
                        .put("rewardAddress", mining.rewardAddress().orElse(null)))
                .put("cluster", new JsonObject()
                        .put("host", cluster.host())
                        .put("publicHost", cluster.publicHost().orElse(null))
                        .put("port", cluster.port())
                        .put("eventBusPort", cluster.eventBusPort())
                        .put("members", members)
                        .put("tls", cluster.tls().map(tls -> new JsonObject().put("key", tls.key().toString())
                                .put("cert", tls.cert().toString()).put("ca", tls.ca().toString())).orElse(null)))
                .put("wallet", new JsonObject().put("rebroadcastSeconds", wallet.rebroadcastSeconds()))
                .put("chain", new JsonObject().put("checkBlocks", chain.checkBlocks()));
    }

    private static JsonObject section(JsonObject root, String name) {
        JsonObject section = root.getJsonObject(name);
        return section == null ? new JsonObject() : section;
    }

    private static Set<Role> roles(JsonArray ids) {
        if (ids == null) {
            return EnumSet.allOf(Role.class);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < ids.size(); i++) {
            roles.add(Role.fromId(ids.getString(i)));
        }
        return roles;
    }

    private static P2p p2p(JsonObject p2p) {
        int maxPeers = p2p.getInteger("maxPeers", DEFAULT_MAX_PEERS);
        Integer maxOutbound = p2p.getInteger("maxOutbound");
        if (maxOutbound != null && maxOutbound > maxPeers) {
            throw new ConfigException("/p2p/maxOutbound", "maxOutbound " + maxOutbound
                    + " is more than maxPeers " + maxPeers);
        }
        return new P2p(
                p2p.getString("host", DEFAULT_LISTEN_HOST),
                p2p.getInteger("port", DEFAULT_NETWORK_PORT),
                maxPeers,
                maxOutbound != null ? maxOutbound : defaultMaxOutbound(maxPeers),
                endpoints(p2p.getJsonArray("peers"), "/p2p/peers/"));
    }

    /** Bitcoin's 8, but never more than half the slots, so that a small node still accepts peers. */
    static int defaultMaxOutbound(int maxPeers) {
        return Math.max(1, Math.min(DEFAULT_MAX_OUTBOUND, maxPeers / 2));
    }

    /** The array's strings; the schema has checked their form. */
    private static List<String> strings(JsonArray entries) {
        List<String> strings = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.size(); i++) {
                strings.add(entries.getString(i));
            }
        }
        return strings;
    }

    private static List<Endpoint> endpoints(JsonArray entries, String path) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.size(); i++) {
                endpoints.add(Endpoint.parse(entries.getString(i), path + i));
            }
        }
        return endpoints;
    }

    /** Loaded on first use; a validator holds no per-call state. */
    private static final class SchemaHolder {
        static final ConfigSchema SCHEMA = ConfigSchema.load();
    }

    /** Which chain this node follows; each has its own consensus parameters and genesis. */
    public enum Network {
        MAIN("main"),
        DEVNET("devnet"),
        REGTEST("regtest");

        private final String id;

        Network(String id) {
            this.id = id;
        }

        /** The name used in the configuration file. */
        public String id() {
            return id;
        }

        public static Network fromId(String id) {
            return Arrays.stream(values())
                    .filter(network -> network.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("/network", "unknown network " + id));
        }
    }

    /** The verticles a JVM deploys; one logical node may spread its roles over several JVMs. */
    public enum Role {
        CHAIN("chain"),
        WALLET("wallet"),
        MINER("miner"),
        RPC("rpc"),
        P2P("p2p"),
        DISCOVERY("discovery");

        private final String id;

        Role(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Role fromId(String id) {
            return Arrays.stream(values())
                    .filter(role -> role.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("/roles", "unknown role " + id));
        }
    }

    /** When the miner works: once the mempool holds enough transactions, all the time, or never. */
    public enum MiningMode {
        POOL_FULL("pool-full"),
        CONTINUOUS("continuous"),
        OFF("off");

        private final String id;

        MiningMode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static MiningMode fromId(String id) {
            return Arrays.stream(values())
                    .filter(mode -> mode.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("/mining/mode", "unknown mining mode " + id));
        }
    }

    /** @param busPrefix prefix of every event-bus address, so logical nodes can share one cluster */
    public record Node(String busPrefix) {
        public Node {
            Objects.requireNonNull(busPrefix, "busPrefix");
        }
    }

    /** A remote node to contact, written {@code host:port} or {@code [ipv6]:port}. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }

        /**
         * @param path JSON path of {@code text}, for the error message
         * @throws ConfigException unless {@code text} is a host and a port 1..65535
         */
        public static Endpoint parse(String text, String path) {
            String expected = "expected host:port or [ipv6]:port, got \"" + text + "\"";
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ConfigException(path, expected);
            }
            String host = text.substring(0, colon);
            String portText = text.substring(colon + 1);
            if (host.startsWith("[")) {
                if (!host.endsWith("]") || host.length() == 2) {
                    throw new ConfigException(path, expected);
                }
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new ConfigException(path, "an IPv6 host goes in brackets, as [::1]:5678, got \"" + text + "\"");
            }
            if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']' || c == '/')) {
                throw new ConfigException(path, "bad host in \"" + text + "\"");
            }
            if (!portText.chars().allMatch(c -> c >= '0' && c <= '9') || portText.length() > 5) {
                throw new ConfigException(path, "port must be " + MIN_BOOTSTRAP_PORT + ".." + MAX_PORT
                        + ", got \"" + text + "\"");
            }
            int port = Integer.parseInt(portText);
            if (port < MIN_BOOTSTRAP_PORT || port > MAX_PORT) {
                throw new ConfigException(path, "port must be " + MIN_BOOTSTRAP_PORT + ".." + MAX_PORT
                        + ", got \"" + text + "\"");
            }
            return new Endpoint(host, port);
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Kademlia over UDP; port 0 picks a free port.
     *
     * @param advertisedHost the address other nodes should use to reach this one (its public or LAN
     *                       address); empty means the listen host, or 127.0.0.1 when that is 0.0.0.0
     */
    public record Discovery(String host, int port, Optional<String> advertisedHost, List<Endpoint> bootstrap) {
        public Discovery {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(advertisedHost, "advertisedHost");
            bootstrap = List.copyOf(bootstrap);
        }
    }

    /**
     * Block and transaction relay over TCP; port 0 picks a free port.
     *
     * @param maxPeers    inbound and outbound connections together
     * @param maxOutbound how many connections the node dials itself (from {@code peers} and discovery)
     * @param peers       nodes always dialled, and dialled again when the connection drops
     */
    public record P2p(String host, int port, int maxPeers, int maxOutbound, List<Endpoint> peers) {
        public P2p {
            Objects.requireNonNull(host, "host");
            peers = List.copyOf(peers);
        }
    }

    /**
     * HTTP JSON-RPC; without a token the RPC verticle guards calls with a generated cookie.
     *
     * @param tls     HTTPS with this key and certificate; required when {@code host} is not loopback
     * @param rpcauth users allowed in by HTTP Basic auth, each in Bitcoin Core's {@code rpcauth}
     *                form {@code user:salt$hmac-sha256-hex} (never a plain password)
     * @param allowedHosts host names the explorer, metrics and health pages answer to (the Host
     *                header) besides {@code host}, localhost and 127.0.0.1: a DNS-rebinding page
     *                names its own, so it gets 403 (docs/explorer.md)
     * @param monitoringRequiresToken whether /metrics, /health and /ready ask for the RPC token as
     *                RPC does (docs/metrics.md); off by default, as they stay on loopback with RPC
     */
    public record Rpc(String host, int port, Optional<String> token, int maxBodyBytes, int maxBatch, Optional<KeyCert> tls,
                      List<String> rpcauth, List<String> allowedHosts, boolean monitoringRequiresToken) {
        public Rpc {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(tls, "tls");
            rpcauth = List.copyOf(rpcauth);
            allowedHosts = List.copyOf(allowedHosts);
        }

        /** Never shows the token nor the password hashes: records print every component, and configurations get logged. */
        @Override
        public String toString() {
            return "Rpc[host=" + host + ", port=" + port + ", token=" + token.map(t -> MASK).orElse("none")
                    + ", maxBodyBytes=" + maxBodyBytes + ", maxBatch=" + maxBatch + ", tls=" + tls.orElse(null)
                    + ", rpcauth=" + rpcauth.size() + " users, allowedHosts=" + allowedHosts
                    + ", monitoringRequiresToken=" + monitoringRequiresToken + "]";
        }
    }

    /** PEM files of a TLS server: its private key (PKCS#8) and its certificate, or chain, leaf first. */
    public record KeyCert(Path key, Path cert) {
        public KeyCert {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(cert, "cert");
        }
    }

    /**
     * Mutual TLS between the members of a cluster: each presents {@code cert} (with {@code key}) and
     * accepts only peers whose certificate the cluster CA {@code ca} signed. PEM files.
     */
    public record ClusterTls(Path key, Path cert, Path ca) {
        public ClusterTls {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(ca, "ca");
        }
    }

    /**
     * How this JVM joins a clustered event bus when started with {@code -cluster} (Hazelcast, TCP/IP
     * join, no multicast); ignored otherwise.
     *
     * @param host         the address Hazelcast and the event bus bind to and, unless
     *                     {@code publicHost} is set, advertise to the other members
     * @param publicHost   the address other members reach this one at (behind NAT)
     * @param port         Hazelcast's port (the next ones are tried if it is taken)
     * @param eventBusPort the event bus's TCP port; 0 picks a free one
     * @param members      Hazelcast addresses of other members to join; empty starts a cluster of one
     * @param tls          mutual TLS on the event bus; required when the cluster is reachable from other hosts
     */
    public record Cluster(String host, Optional<String> publicHost, int port, int eventBusPort, List<Endpoint> members,
            Optional<ClusterTls> tls) {
        public Cluster {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(publicHost, "publicHost");
            members = List.copyOf(members);
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** @param rewardAddress where block rewards go; empty means the node wallet's first address */
    public record Mining(MiningMode mode, int threads, int txPoolSize, Optional<String> rewardAddress) {
        public Mining {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(rewardAddress, "rewardAddress");
        }
    }

    /** @param rebroadcastSeconds mean seconds between rebroadcasts of the wallet's unconfirmed transactions */
    public record Wallet(int rebroadcastSeconds) {
    }

    /**
     * @param checkBlocks main-chain blocks re-checked at start, from the tip down; 0 checks none. The
     *     schema caps it at 1,000 (up to 1 GB read at every start): more is a rebuild's job
     */
    public record Chain(int checkBlocks) {
    }
}
