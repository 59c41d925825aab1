package minicoin.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The RPC token of a node whose configuration names none, as in Bitcoin Core: a fresh random
 * secret in {@code dataDir/rpc.cookie} that only the node's user can read, there while the server
 * runs. Whoever can read the data directory may call the node. The file holds
 * {@code __cookie__:TOKEN}, as Core's {@code .cookie}, so Core's clients send it as HTTP Basic
 * credentials unchanged; Bearer callers show the part after the colon.
 */
final class CookieFile {

    static final String FILE_NAME = "rpc.cookie";
    /** 256 bits: far beyond guessing, even at many tries per second. */
    private static final int TOKEN_BYTES = 32;
    private static final String OWNER_ONLY = "rw-------";

    private final Path path;
    private final String token;

    private CookieFile(Path path, String token) {
        this.path = path;
        this.token = token;
    }

    /** Writes a new cookie on a worker thread, replacing any left by an earlier run. */
    static Future<CookieFile> create(Vertx vertx, Path dataDir) {
        return vertx.executeBlocking(() -> write(dataDir.resolve(FILE_NAME)));
    }

    Path path() {
        return path;
    }

    /** The secret, without the {@code __cookie__:} user name. */
    String token() {
        return token;
    }

    /** Removes the file on a worker thread; the token dies with the server. */
    Future<Void> delete(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            Files.deleteIfExists(path);
            return null;
        });
    }

    /** Readers never see a half-written cookie: it is written beside, then moved into place. */
    private static CookieFile write(Path target) throws IOException {
        byte[] secret = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", ownerOnly());
        try {
            Files.writeString(temp, RpcAuthenticator.COOKIE_USER + ":" + token, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new CookieFile(target, token);
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY))};
        }
        return new FileAttribute<?>[0];
    }
}
