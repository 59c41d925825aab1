package minicoin.config;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The configuration is read by the services, never the other way round. */
    public static final class UsesRpc {
        public Class<?> rpc() {
            return minicoin.rpc.RpcVerticle.class;
        }
    }
}
