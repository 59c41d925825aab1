package minicoin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where a {@link ChildNode} runs: the address its p2p, RPC and discovery bind to, the command its JVM
 * is started under, and, off loopback, the TLS of its RPC (a node serves RPC on another address only
 * over HTTPS, docs/config.md). {@link #LOOPBACK}, what every test uses, is plain HTTP on 127.0.0.1 as
 * before; {@code scripts/chaos --netns} gives each node its own network namespace and address.
 *
 * @param address        the node binds p2p, RPC and discovery here, and is asked over RPC here
 * @param commandPrefix  run before {@code java} (e.g. {@code ip netns exec NS}, which execs in place, so
 *                       the process handle is still the JVM's: SIGKILL and jcmd reach it)
 * @param tls            the node's RPC key and certificate, and the CA the client trusts; empty: plain HTTP
 */
public record NodeHost(String address, List<String> commandPrefix, Optional<Tls> tls) {

    /** Plain HTTP on 127.0.0.1, started directly: every test's node. */
    public static final NodeHost LOOPBACK = new NodeHost("127.0.0.1", List.of(), Optional.empty());

    /** PEM files: the node's RPC key and certificate (naming its address), and the CA that signed it. */
    public record Tls(Path key, Path cert, Path ca) {
    }

    public NodeHost {
        commandPrefix = List.copyOf(commandPrefix);
    }

    /** The command that starts {@code java}: the prefix, then the JVM's own command. */
    List<String> command(List<String> java) {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(java);
        return command;
    }

    /** The node's JSON-RPC endpoint: HTTPS when it has TLS. */
    URI rpcUri(int port) {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return URI.create((tls.isPresent() ? "https" : "http") + "://" + host + ":" + port + "/");
    }

    /** A client context trusting only the CA of {@link #tls}. */
    static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
