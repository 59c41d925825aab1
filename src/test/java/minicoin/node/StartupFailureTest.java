package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import minicoin.chain.ChainStoreException;
import minicoin.chain.DataDirInUseException;
import minicoin.config.ConfigException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    @Test
    void aTakenPortNamesItsSettingProtocolAndHost() {
        StartupFailure failure = (StartupFailure) StartupFailure.ofListener("p2p.port", "p2p.host", "tcp", "127.0.0.1", 5678,
                new BindException("Address already in use"));

        assertEquals(ExitCode.PORT_UNAVAILABLE, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("p2p.port 5678/tcp is in use on 127.0.0.1"), failure.getMessage());
        assertEquals(0, failure.getStackTrace().length, "the sentence is the report");
    }

    @Test
    void aHostThatIsNotThisMachinesIsNamedAsTheHostSetting() {
        Throwable failure = StartupFailure.ofListener("discovery.port", "discovery.host", "udp", "192.0.2.7", 5678,
                new BindException("Cannot assign requested address"));

        assertTrue(failure.getMessage().startsWith("discovery.host 192.0.2.7 is not an address of this machine"),
                failure.getMessage());
    }

    @Test
    void aPrivilegedPortSaysSo() {
        Throwable failure = StartupFailure.ofListener("rpc.port", "rpc.host", "tcp", "127.0.0.1", 80,
                new BindException("Permission denied"));

        assertTrue(failure.getMessage().contains("rpc.port 80/tcp") && failure.getMessage().contains("below 1024"),
                failure.getMessage());
    }

    @Test
    void otherListenerFailuresAreLeftAsTheyAre() {
        IOException other = new IOException("disk on fire");

        assertSame(other, StartupFailure.ofListener("rpc.port", "rpc.host", "tcp", "127.0.0.1", 1, other));
        assertEquals(Optional.empty(), StartupFailure.known(other));
        assertEquals(Optional.empty(), StartupFailure.known(new ChainStoreException("chain.db is damaged")));
    }

    @Test
    void aLockedDataDirIsKnownWhereverItIsWrapped() {
        DataDirInUseException inUse = new DataDirInUseException("the wallet in /d is in use by another Minicoin node");

        StartupFailure failure = StartupFailure.known(new IllegalStateException("wallet.db is already open", inUse))
                .orElseThrow();

        assertEquals(ExitCode.IN_USE, failure.exitCode());
        assertEquals(inUse.getMessage(), failure.getMessage());
    }

    @Test
    void aRoleHeldByAnotherMemberIsInUseAndABadValueIsAConfigError() {
        assertEquals(ExitCode.IN_USE, StartupFailure.known(new ConfigException("/roles", "the chain role ...")).orElseThrow()
                .exitCode());
        assertEquals(ExitCode.CONFIG, StartupFailure.known(new ConfigException("/rpc/port", "out of range")).orElseThrow()
                .exitCode());
    }

    @Test
    void aDataDirThisUserMayNotWriteSaysWhich() {
        StartupFailure failure = StartupFailure.known(new RuntimeException(new AccessDeniedException("/var/lib/x")))
                .orElseThrow();

        assertEquals(ExitCode.START_FAILED, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("this user may not write /var/lib/x"), failure.getMessage());
    }

    @Test
    void exitCodesAreDistinctAndOutOfMemoryIsTheJvmsThree() {
        assertEquals(ExitCode.values().length, java.util.Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code)
                .distinct().count());
        assertEquals(3, ExitCode.OUT_OF_MEMORY.code());
        assertEquals(NodeLauncher.EXIT_BAD_CONFIG, ExitCode.CONFIG.code());
    }
}
