package minicoin.bus;

/**
 * Every event-bus address of a node, in one place. Each is prefixed by {@code node.busPrefix} (say
 * {@code minicoin.chain.submitBlock}), so two logical nodes can share one cluster. The message
 * formats are in docs/eventbus.md.
 */
public final class BusAddresses {

    // Chain worker (ChainVerticle): requests
    public static final String CHAIN_INFO = "chain.info";
    public static final String CHAIN_CREATE_GENESIS = "chain.createGenesis";
    public static final String CHAIN_SUBMIT_BLOCK = "chain.submitBlock";
    public static final String CHAIN_SUBMIT_TX = "chain.submitTx";
    /** As chain.submitTx, the transaction in hex ({"hex"}): for RPC's sendrawtransaction, which has no codec. */
    public static final String CHAIN_SUBMIT_RAW_TX = "chain.submitRawTx";
    public static final String CHAIN_GET_BLOCK = "chain.getBlock";
    public static final String CHAIN_GET_BLOCK_JSON = "chain.getBlockJson";
    public static final String CHAIN_GET_BLOCK_HASH = "chain.getBlockHash";
    public static final String CHAIN_GET_TRANSACTION = "chain.getTransaction";
    public static final String CHAIN_MEMPOOL = "chain.mempool";
    public static final String CHAIN_BALANCE = "chain.balance";
    public static final String CHAIN_COINS = "chain.coins";
    public static final String CHAIN_TEMPLATE = "chain.template";
    public static final String CHAIN_SAVE_MEMPOOL = "chain.saveMempool";
    /** As chain.submitBlock, the block in hex ({"hex"}): RPC's submitblock, which has no codec. */
    public static final String CHAIN_SUBMIT_RAW_BLOCK = "chain.submitRawBlock";
    /** Core's getchaintips: every tip of the block index with its branch's length and status. */
    public static final String CHAIN_TIPS = "chain.tips";
    /** One unspent output, from the chain or the mempool (RPC's gettxout). */
    public static final String CHAIN_TX_OUT = "chain.txOut";
    /** Figures of the whole UTXO set, by a scan (RPC's gettxoutsetinfo). */
    public static final String CHAIN_TX_OUT_SET_INFO = "chain.txOutSetInfo";
    /** One mempool entry (RPC's getmempoolentry). */
    public static final String CHAIN_MEMPOOL_ENTRY = "chain.mempoolEntry";
    /** Whether the mempool would admit transactions in hex, admitting none (RPC's testmempoolaccept). */
    public static final String CHAIN_TEST_TXS = "chain.testTxs";
    /** A block template's contents without a coinbase, in JSON (RPC's getblocktemplate). */
    public static final String CHAIN_BLOCK_TEMPLATE = "chain.blockTemplate";
    /** A wallet's unconfirmed transaction offered again: admitted if missing, announced to the peers either way. */
    public static final String CHAIN_REBROADCAST_TX = "chain.rebroadcastTx";
    // Chain worker: requests of the peer layer
    public static final String CHAIN_LOCATOR = "chain.locator";
    public static final String CHAIN_HEADERS = "chain.headers";
    public static final String CHAIN_ACCEPT_HEADERS = "chain.acceptHeaders";
    public static final String CHAIN_INVENTORY = "chain.inventory";
    public static final String CHAIN_GET_TRANSACTIONS = "chain.getTransactions";
    /** The mempool's best txids, to announce to a newly connected peer. */
    public static final String CHAIN_POOL_TXIDS = "chain.poolTxids";
    /** Delivery header of {@code chain.submitBlock}: who sent the block (a peer), for the orphan pool's per-source cap. */
    public static final String SOURCE_HEADER = "source";
    /** Delivery header of {@code chain.acceptHeaders}: "true" when the headers passed the peer layer's pre-sync. */
    public static final String PRESYNCED_HEADER = "presynced";
    // Chain worker: published
    public static final String CHAIN_TIP = "chain.tip";
    public static final String CHAIN_BLOCK_CONNECTED = "chain.blockConnected";
    /**
     * Published after the chain.blockConnected events of one change, {"txids": [...]}: transactions
     * that left the chain and the pool in conflict with it (a reorg, a block's double spend), for the wallet.
     */
    public static final String CHAIN_TXS_LEFT = "chain.txsLeft";
    public static final String MEMPOOL_TX_ACCEPTED = "mempool.txAccepted";
    /** Published: a pool transaction a wallet rebroadcast, for the peer layer to announce to peers that lack it. */
    public static final String MEMPOOL_TX_REBROADCAST = "mempool.txRebroadcast";
    /** Published after each chain.submitBlock, {"hash", "outcome", "code"?, "nanos"}: for the metrics. */
    public static final String CHAIN_BLOCK_PROCESSED = "chain.blockProcessed";
    /** Published for each transaction chain.submitTx refused, {"txid", "error", "reason"}: for the metrics. */
    public static final String MEMPOOL_TX_REJECTED = "mempool.txRejected";

    // Wallet worker (WalletVerticle)
    public static final String WALLET_CREATE = "wallet.create";
    public static final String WALLET_LIST = "wallet.list";
    public static final String WALLET_FIRST_ADDRESS = "wallet.firstAddress";
    public static final String WALLET_SEND = "wallet.send";
    // Wallet worker: encryption and backup (the bodies carry passphrases: never log them)
    public static final String WALLET_ENCRYPT = "wallet.encrypt";
    public static final String WALLET_UNLOCK = "wallet.unlock";
    public static final String WALLET_LOCK = "wallet.lock";
    public static final String WALLET_CHANGE_PASSPHRASE = "wallet.changePassphrase";
    public static final String WALLET_BACKUP = "wallet.backup";
    /** The wallet's record of one transaction it made or was paid by. */
    public static final String WALLET_GET_TRANSACTION = "wallet.getTransaction";
    /** {"limit"} → the history's entries (wallet.WalletHistory) of the most recent records, newest first. */
    public static final String WALLET_HISTORY = "wallet.history";
    /** {"address"} → whether the wallet holds its key, and its public key when that can be read. */
    public static final String WALLET_ADDRESS_INFO = "wallet.addressInfo";
    // Wallet worker: keys in and out (the bodies and replies carry private keys: never log them)
    public static final String WALLET_DUMP_KEY = "wallet.dumpKey";
    public static final String WALLET_IMPORT_KEY = "wallet.importKey";

    // Miner (MinerVerticle)
    public static final String MINING_INFO = "mining.info";
    public static final String MINING_GENERATE = "mining.generate";

    // Discovery (DiscoveryVerticle)
    public static final String DISCOVERY_INFO = "discovery.info";
    /** Published: each newly verified node, {"id", "host", "udpPort", "tcpPort"}. */
    public static final String DISCOVERY_NODE_FOUND = "discovery.nodeFound";

    // Peers (PeerVerticle)
    /** {"port": the bound TCP port, connection and byte counters}. */
    public static final String P2P_INFO = "p2p.info";
    public static final String P2P_PEERS = "p2p.peers";
    public static final String P2P_CONNECT = "p2p.connect";
    /** {"id"} or {"address"}: closes that peer's connection (disconnectnode). */
    public static final String P2P_DISCONNECT = "p2p.disconnect";
    /** {"subnet", "command": "add"|"remove", "untilSeconds"}: a user's ban (setban). */
    public static final String P2P_SET_BAN = "p2p.setBan";
    public static final String P2P_LIST_BANNED = "p2p.listBanned";
    public static final String P2P_CLEAR_BANNED = "p2p.clearBanned";
    /** Pings every ready peer now (ping). */
    public static final String P2P_PING = "p2p.ping";

    // Node
    public static final String NODE_STOP = "node.stop";
    /** Local, from the launcher as the JVM stops: undeploy the front ends before the workers stop. */
    public static final String NODE_QUIESCE = "node.quiesce";

    private final String prefix;

    public BusAddresses(String busPrefix) {
        this.prefix = busPrefix + ".";
    }

    /** The full address of {@code name} (one of the constants) on this node's bus. */
    public String of(String name) {
        return prefix + name;
    }
}
