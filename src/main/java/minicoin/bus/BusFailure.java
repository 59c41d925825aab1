package minicoin.bus;

/** A request the service refuses: becomes {@code message.fail(error.code(), message)} on the bus. */
public final class BusFailure extends Exception {

    private final BusError error;

    public BusFailure(BusError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public BusError error() {
        return error;
    }
}
