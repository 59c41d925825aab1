package minicoin.chain;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The node's data is its owner's alone (as Bitcoin Core's {@code umask 077}): directories 0700 and
 * files 0600, set when they are made, so nothing is ever readable by others even for a moment, and
 * tightened on a data directory made before. A JVM cannot set its process's umask, so files created
 * by native code (SQLite's journals) get their mode from here instead: SQLite gives its
 * {@code -wal} and {@code -shm} files the mode of the database file, which is made 0600 before
 * SQLite opens it.
 *
 * <p>On a file system without POSIX permissions nothing is changed; {@link #supported} tells.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** Whether the file system holding {@code path} (or its nearest existing parent) has POSIX permissions. */
    public static boolean supported(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing != null && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes {@code dir} and its missing parents, each new one 0700. */
    public static void createDirectories(Path dir) throws IOException {
        if (supported(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates an empty {@code file} 0600 unless it exists; its directory must exist. */
    public static void createFileIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttributes(file));
        } catch (FileAlreadyExistsException exists) {
            // Made before: tighten() sees to its mode.
        }
    }

    /** The attribute that makes a new file 0600, or none where the file system has no POSIX permissions. */
    public static FileAttribute<?>[] fileAttributes(Path file) {
        return supported(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Takes group and other permissions away from {@code dir}, everything under it, and makes every
     * directory there 0700, without following symbolic links (a link is left as it is, and so is
     * what it points to).
     *
     * @return one line per change ("wallet.db 644 -> 600"), empty when all was owner-only already
     */
    public static List<String> tighten(Path dir) throws IOException {
        List<String> changes = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !supported(dir)) {
            return changes;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                set(dir, path, DIRECTORY, changes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    Set<PosixFilePermission> owner = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                    owner.removeAll(OTHERS);
                    set(dir, path, owner, changes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path path, IOException e) {
                // Gone between listing and visiting (a journal SQLite just removed): nothing to tighten.
                return FileVisitResult.CONTINUE;
            }
        });
        return changes;
    }

    private static void set(Path root, Path path, Set<PosixFilePermission> wanted, List<String> changes)
            throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
            String name = root.equals(path) ? path.toString() : root.relativize(path).toString();
            changes.add(name + " " + octal(now) + " -> " + octal(wanted));
        }
    }

    /** "644" for rw-r--r--. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(mode);
    }
}
