package minicoin.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The RPC methods {@code call} accepts, for {@code --help}: the node's own list (its {@code help}) when
 * it answers, else the list built in here. The client links nothing of the node (ArchitectureTest),
 * so this is a copy; {@code RpcMethodNamesTest} fails when it differs from the node's registry
 * ({@code RpcMethods.standard}), aliases included, so the two cannot drift apart unnoticed.
 */
final class RpcMethodNames {

    /** In the registry's order. */
    static final List<String> BUILT_IN = List.of(
            "creategenesis", "getnewaddress", "createwallet", "listaddresses", "getbalance", "getbalances",
            "listunspent", "listtransactions", "send", "sendtoaddress", "sendmany", "encryptwallet",
            "walletpassphrase", "walletlock", "walletpassphrasechange", "backupwallet", "validateaddress",
            "getaddressinfo", "listaddressgroupings", "dumpprivkey", "importprivkey", "getblockchaininfo",
            "getblock", "getblockview", "getblockheader", "getblockcount", "getbestblockhash", "getblockhash",
            "getchaintips", "gettxout", "gettxoutsetinfo", "gettransaction", "getrawtransaction",
            "decoderawtransaction", "sendrawtransaction", "getrawmempool", "getmempoolinfo", "getmempoolentry",
            "testmempoolaccept", "savemempool", "generate", "generatetoaddress", "getblocktemplate",
            "submitblock", "getdifficulty", "getmininginfo", "getpeerinfo", "getnetworkinfo",
            "getconnectioncount", "addnode", "disconnectnode", "setban", "listbanned", "clearbanned", "ping",
            "getmemoryinfo", "uptime", "help", "stop");

    private RpcMethodNames() {
    }

    /** The method names of an answer of {@code help} without arguments: the first word of each line. */
    static List<String> fromHelp(String help) {
        List<String> names = new ArrayList<>();
        for (String line : help.split("\n")) {
            String name = line.strip().split("\\s+", 2)[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
