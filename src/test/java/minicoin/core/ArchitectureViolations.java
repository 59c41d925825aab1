package minicoin.core;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** core sits on crypto alone: the chain above it is out of reach. */
    public static final class UsesChain {
        public Class<?> chain() {
            return minicoin.chain.ChainState.class;
        }
    }
}
