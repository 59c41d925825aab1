package minicoin.discovery;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** Half of a cycle: discovery using the peer layer, which uses discovery. */
    public static final class UsesPeerLayer {
        public Class<?> peers() {
            return minicoin.p2p.ArchitectureViolations.UsesDiscovery.class;
        }
    }
}
