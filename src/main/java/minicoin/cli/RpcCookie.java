package minicoin.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The token a node without {@code rpc.token} writes to {@code DATADIR/rpc.cookie} while its RPC
 * server runs (and deletes when it stops): whoever can read the data directory may call the node.
 */
final class RpcCookie {

    static final String FILE_NAME = "rpc.cookie";

    private RpcCookie() {
    }

    /**
     * The token in {@code dataDir/rpc.cookie}, without surrounding whitespace.
     *
     * @throws RpcFailure of kind {@link RpcFailure.Kind#NO_TOKEN} if the file is missing, unreadable or empty
     */
    static String read(Path dataDir) throws RpcFailure {
        Path file = dataDir.resolve(FILE_NAME);
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new RpcFailure(RpcFailure.Kind.NO_TOKEN,
                    "no RPC token: " + file + " not found (is the node running with this data directory?)");
        } catch (AccessDeniedException e) {
            throw new RpcFailure(RpcFailure.Kind.NO_TOKEN,
                    "no RPC token: " + file + " is not readable by this user (only the node's user may read it)");
        } catch (IOException e) {
            throw new RpcFailure(RpcFailure.Kind.NO_TOKEN, "no RPC token: cannot read " + file + ": " + e);
        }
        if (token.isEmpty()) {
            throw new RpcFailure(RpcFailure.Kind.NO_TOKEN, "no RPC token: " + file + " is empty");
        }
        return token;
    }
}
