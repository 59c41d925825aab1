package minicoin.rpc.methods;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import minicoin.config.NodeConfig.Network;
import minicoin.core.ConsensusParams;
import minicoin.rpc.RpcMethod;

/** The registry: which method answers which name. */
public final class RpcMethods {

    private final Map<String, RpcMethod> byName = new LinkedHashMap<>();

    private RpcMethods() {
    }

    /** Every method of a node on {@code network}. */
    public static RpcMethods standard(Network network) {
        return standard(network, Clock.systemUTC());
    }

    /** @param clock the time uptime counts from and getblockchaininfo compares the tip's with */
    public static RpcMethods standard(Network network, Clock clock) {
        RpcMethods methods = new RpcMethods();
        GetNewAddress getNewAddress = new GetNewAddress();
        methods.register(new CreateGenesis());
        methods.register(getNewAddress);
        // The seed's name for it.
        methods.alias("createwallet", getNewAddress);
        methods.register(new ListAddresses());
        methods.register(new GetBalance());
        methods.register(new GetBalances(ConsensusParams.byName(network.id()).coinbaseMaturity()));
        methods.register(new ListUnspent(ConsensusParams.byName(network.id()).coinbaseMaturity()));
        methods.register(new ListTransactions(ConsensusParams.byName(network.id()).coinbaseMaturity()));
        methods.register(new Send());
        methods.register(new SendToAddress());
        methods.register(new SendMany());
        methods.register(new EncryptWallet());
        methods.register(new WalletPassphrase());
        methods.register(new WalletLock());
        methods.register(new WalletPassphraseChange());
        methods.register(new BackupWallet());
        methods.register(new ValidateAddress());
        methods.register(new GetAddressInfo());
        methods.register(new ListAddressGroupings());
        methods.register(new DumpPrivKey());
        methods.register(new ImportPrivKey());
        methods.register(new GetBlockchainInfo(network, clock));
        methods.register(new GetBlock());
        methods.register(new GetBlockView());
        methods.register(new GetBlockHeader());
        methods.register(new GetBlockCount());
        methods.register(new GetBestBlockHash());
        methods.register(new GetBlockHash());
        methods.register(new GetChainTips());
        methods.register(new GetTxOut());
        methods.register(new GetTxOutSetInfo());
        methods.register(new GetTransaction());
        methods.register(new GetRawTransaction());
        methods.register(new DecodeRawTransaction());
        methods.register(new SendRawTransaction());
        methods.register(new GetRawMempool());
        methods.register(new GetMempoolInfo());
        methods.register(new GetMempoolEntry());
        methods.register(new TestMempoolAccept());
        methods.register(new SaveMempool());
        methods.register(new Generate());
        methods.register(new GenerateToAddress());
        methods.register(new GetBlockTemplate());
        methods.register(new SubmitBlock());
        methods.register(new GetDifficulty());
        methods.register(new GetMiningInfo(network));
        methods.register(new GetPeerInfo());
        methods.register(new GetNetworkInfo(network));
        methods.register(new GetConnectionCount());
        methods.register(new AddNode());
        methods.register(new DisconnectNode());
        methods.register(new SetBan(clock));
        methods.register(new ListBanned(clock));
        methods.register(new ClearBanned());
        methods.register(new Ping());
        methods.register(new GetMemoryInfo());
        methods.register(new Uptime(clock));
        methods.register(new Help(methods));
        methods.register(new Stop());
        return methods;
    }

    /** Just these methods: for tests of the envelope with methods of their own. */
    public static RpcMethods of(RpcMethod... methods) {
        RpcMethods registry = new RpcMethods();
        for (RpcMethod method : methods) {
            registry.register(method);
        }
        return registry;
    }

    public Optional<RpcMethod> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every name a call may use, aliases included, in registration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    private void register(RpcMethod method) {
        alias(method.name(), method);
    }

    private void alias(String name, RpcMethod method) {
        if (byName.putIfAbsent(name, method) != null) {
            throw new IllegalStateException("two RPC methods named " + name);
        }
    }
}
