package minicoin.crypto;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** crypto is the floor: reaching up into core breaks it. */
    public static final class UsesCore {
        public Object hash() {
            return minicoin.core.Hash.ZERO;
        }
    }
}
