package minicoin.config;

/**
 * A node configuration that cannot be used. The message names the JSON path of the offending
 * value (for example {@code /rpc/port}) and says what is wrong with it.
 */
public final class ConfigException extends RuntimeException {

    private final String path;
    private final String reason;

    public ConfigException(String path, String reason) {
        super("invalid config at " + path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** JSON pointer of the offending value, {@code /} for the whole document. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
