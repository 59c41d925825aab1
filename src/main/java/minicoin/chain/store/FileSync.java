package minicoin.chain.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so a file created, renamed or deleted in it stays so after a power loss. */
final class FileSync {

    private FileSync() {
    }

    static void directory(Path dir, IoHook hook) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        hook.completed("dirsync", dir);
    }

    static void file(Path file, IoHook hook) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        hook.completed("force", file);
    }
}
