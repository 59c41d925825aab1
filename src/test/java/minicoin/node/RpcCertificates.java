package minicoin.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import minicoin.testing.NodeHost;

/**
 * RPC certificates for test nodes off loopback ({@code scripts/chaos --netns}): a CA, made once in a
 * directory, and a key and certificate per node naming its address, issued with {@link ClusterCerts}
 * as {@code scripts/cluster-certs} issues them.
 */
public final class RpcCertificates {

    private final Path dir;

    /** Makes the CA in {@code dir} unless it is there already. */
    public RpcCertificates(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        if (!Files.exists(dir.resolve(ClusterCerts.CA_CERT))) {
            new ClusterCerts().createCa(dir, Instant.now());
        }
    }

    /** A key and certificate for node {@code name} at {@code address}, and the CA a client trusts. */
    public NodeHost.Tls issue(String name, String address) throws IOException, GeneralSecurityException {
        ClusterCerts.Issued issued = new ClusterCerts().issueMember(dir, name, List.of(address), Instant.now());
        return new NodeHost.Tls(issued.key(), issued.cert(), dir.resolve(ClusterCerts.CA_CERT));
    }
}
