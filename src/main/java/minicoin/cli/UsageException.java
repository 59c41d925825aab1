package minicoin.cli;

/**
 * A command line the client refuses before sending anything: the message says what is wrong, in
 * one line; the hint is the usage line of the verb concerned, or the general one.
 */
public final class UsageException extends Exception {

    private final String hint;

    public UsageException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    /** One line: {@code usage: scripts/cli ...}. */
    public String hint() {
        return hint;
    }
}
