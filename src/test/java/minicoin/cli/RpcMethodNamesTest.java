package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import minicoin.config.NodeConfig;
import minicoin.rpc.methods.RpcMethods;
import org.junit.jupiter.api.Test;

class RpcMethodNamesTest {

    @Test
    void theBuiltInListIsTheNodesRegistryAliasesIncluded() {
        List<String> registered = new ArrayList<>(RpcMethods.standard(NodeConfig.Network.DEVNET).names());

        assertEquals(registered, RpcMethodNames.BUILT_IN, "update RpcMethodNames.BUILT_IN to the node's methods");
    }

    @Test
    void theNamesOfAHelpAnswerAreTheFirstWordOfEachLine() {
        String help = "getblock hashOrHeight ( verbosity )  -  A block by its hash or height.\n"
                + "getblockcount  -  The height of the tip.\n\n";

        assertEquals(List.of("getblock", "getblockcount"), RpcMethodNames.fromHelp(help));
    }
}
