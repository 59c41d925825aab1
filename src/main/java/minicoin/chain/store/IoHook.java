package minicoin.chain.store;

import java.nio.file.Path;

/**
 * Told after every operation that changes the store's files (a write, a force, a rename, a delete,
 * a directory sync): the seam where fault-injection tests stop the process at a chosen operation.
 */
@FunctionalInterface
public interface IoHook {

    IoHook NONE = (operation, file) -> { };

    /** Called on the thread that did {@code operation} to {@code file}, after it returned. */
    void completed(String operation, Path file);
}
