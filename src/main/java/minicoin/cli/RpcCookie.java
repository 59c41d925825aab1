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
 * The file holds {@code __cookie__:TOKEN} as Bitcoin Core's {@code .cookie} does (a node before
 * that wrote the bare token); this client shows the token as {@code Bearer TOKEN}.
 */
final class RpcCookie {

    static final String FILE_NAME = "rpc.cookie";
    /** The user name in front of the token, as Core writes it. */
    private static final String COOKIE_USER_PREFIX = "__cookie__:";

    private RpcCookie() {
    }

    /**
     * The token in {@code dataDir/rpc.cookie}, without the {@code __cookie__:} user name or surrounding whitespace.
     *
     * @throws RpcFailure of kind {@link RpcFailure.Kind#NO_TOKEN} if the file is missing, unreadable or empty
     */
    static String read(Path dataDir) throws RpcFailure {
        Path file = dataDir.resolve(FILE_NAME);
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.startsWith(COOKIE_USER_PREFIX)) {
                token = token.substring(COOKIE_USER_PREFIX.length()).strip();
            }
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
