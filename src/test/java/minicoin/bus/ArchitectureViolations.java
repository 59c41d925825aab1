package minicoin.bus;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The bus's vocabulary sits below the services: naming one of them breaks the rule. */
    public static final class UsesPeerLayer {
        public Class<?> peers() {
            return minicoin.p2p.PeerGroup.class;
        }
    }
}
