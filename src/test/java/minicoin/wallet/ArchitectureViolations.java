package minicoin.wallet;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The wallet store is a plain class below the bus: answering the bus is its verticle's job. */
    public static final class UsesBus {
        public Class<?> bus() {
            return minicoin.bus.BusError.class;
        }
    }
}
