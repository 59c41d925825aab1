package minicoin.node;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Optional;
import minicoin.chain.DataDirInUseException;
import minicoin.config.ConfigException;

/**
 * A start-up failure with a known cause, told as one sentence with the exit code that goes with it
 * ({@link ExitCode}): the launcher prints the sentence instead of a stack trace. Causes nobody
 * expected are not turned into one: they keep their stack trace for a bug report.
 */
public final class StartupFailure extends RuntimeException {

    private final ExitCode exitCode;

    StartupFailure(ExitCode exitCode, String sentence, Throwable cause) {
        // The sentence is the report; the stack of this wrapper would say nothing.
        super(sentence, cause, false, false);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /**
     * What a listener's failure to bind means, told with the configuration setting that chose its
     * port, so the user knows which to change: {@code p2p.port 5678/tcp is in use on 127.0.0.1 ...}.
     * Any other failure comes back unchanged.
     *
     * @param setting the port's configuration key ({@code p2p.port}), or the option that set it
     * @param hostSetting the host's configuration key ({@code p2p.host})
     * @param protocol {@code tcp} or {@code udp}
     */
    static Throwable ofListener(String setting, String hostSetting, String protocol, String host, int port,
            Throwable cause) {
        if (!(cause instanceof BindException bind)) {
            return cause;
        }
        String reason = bind.getMessage() == null ? "" : bind.getMessage().toLowerCase(Locale.ROOT);
        String where = setting + " " + port + "/" + protocol;
        if (reason.contains("in use")) {
            return new StartupFailure(ExitCode.PORT_UNAVAILABLE, where + " is in use on " + host
                    + " (another program listens there): stop it, or choose another " + setting, cause);
        }
        if (reason.contains("assign requested address")) {
            return new StartupFailure(ExitCode.PORT_UNAVAILABLE, hostSetting + " " + host + " is not an address of this"
                    + " machine, so " + where + " cannot listen there: use one of its addresses, or 0.0.0.0 for all", cause);
        }
        if (reason.contains("permission denied")) {
            return new StartupFailure(ExitCode.PORT_UNAVAILABLE, where + " on " + host + " may not be opened by this user"
                    + " (ports below 1024 need privileges): choose a port above 1023", cause);
        }
        return new StartupFailure(ExitCode.PORT_UNAVAILABLE, where + " on " + host + " cannot be opened: "
                + bind.getMessage(), cause);
    }

    /**
     * The known cause in {@code failure} or its causes, as a sentence and an exit code; empty if none
     * is known (the caller then reports the failure with its stack trace).
     */
    static Optional<StartupFailure> known(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartupFailure startup) {
                return Optional.of(startup);
            }
            if (cause instanceof DataDirInUseException inUse) {
                return Optional.of(new StartupFailure(ExitCode.IN_USE, inUse.getMessage(), inUse));
            }
            if (cause instanceof ConfigException config) {
                // The role claims are refused with a ConfigException on /roles: another member holds the role.
                ExitCode code = "/roles".equals(config.path()) ? ExitCode.IN_USE : ExitCode.CONFIG;
                return Optional.of(new StartupFailure(code, config.getMessage(), config));
            }
            if (cause instanceof AccessDeniedException denied) {
                return Optional.of(new StartupFailure(ExitCode.START_FAILED, "this user may not write " + denied.getFile()
                        + ": give it the dataDir (chown) or choose another dataDir", denied));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
