package minicoin.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import minicoin.crypto.PrivateKey;

/**
 * The node's discovery key, kept in {@code dataDir/node.key} as 64 hex characters (an optional
 * trailing newline is allowed). Created once, written atomically with owner-only permissions where
 * the file system has them; a file that is there but unreadable as a key is refused, never replaced,
 * because replacing it would silently change the node's identity.
 *
 * <p>Not safe against two processes creating the key at the same moment; the node calls it while
 * holding the data directory's lock.
 */
public final class NodeKey {

    public static final String FILE_NAME = "node.key";
    private static final int SECRET_HEX_CHARS = 64;
    /** The hex secret and a line break (LF or CRLF); anything longer is not a key file and is not read whole. */
    private static final long MAX_FILE_BYTES = SECRET_HEX_CHARS + 2;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private NodeKey() {
    }

    public static PrivateKey loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        Files.createDirectories(dataDir);
        PrivateKey key = PrivateKey.generate(random);
        Path temp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
        try {
            restrictToOwner(temp);
            Files.writeString(temp, HexFormat.of().formatHex(key.toBytes()) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return key;
    }

    /** Reads an existing key file; a malformed one is an IOException naming the file and the fault. */
    public static PrivateKey load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is not a node key (" + Files.size(file) + " bytes, expected "
                    + SECRET_HEX_CHARS + " hex characters); refusing to start rather than replace the node's identity");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        String hex = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (hex.length() != SECRET_HEX_CHARS || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException(file + " is not a node key (expected " + SECRET_HEX_CHARS
                    + " hex characters); refusing to start rather than replace the node's identity");
        }
        try {
            return PrivateKey.fromBytes(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a valid secp256k1 key: " + e.getMessage());
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
