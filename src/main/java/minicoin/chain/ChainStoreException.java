package minicoin.chain;

/** The store cannot be opened or read: locked by another process, or damaged. */
public class ChainStoreException extends RuntimeException {

    public ChainStoreException(String message) {
        super(message);
    }

    public ChainStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
