package minicoin.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the client gets a passphrase: never from its arguments (other users see those in
 * {@code ps}, and shells keep them in their history). From the terminal without echo when there is
 * one ({@link Console#readPassword}), else one line of standard input per passphrase, so scripts
 * and tests can pipe it in. Passphrases are char arrays the caller zeroes.
 */
final class PassphraseReader {

    /** Longest line taken from standard input: the node takes 1024 characters, at most 4 bytes each in UTF-8. */
    static final int MAX_LINE_BYTES = 4 * 1024;

    private final Console console;
    private final InputStream stdin;
    private final boolean stdinIsTerminal;

    /**
     * @param console         the terminal, or null when the client has none (Java gives one only when both
     *                        standard input and output are terminals)
     * @param stdin           standard input
     * @param stdinIsTerminal whether standard input is a terminal ({@code scripts/cli} tells): a terminal
     *                        without a Console would echo what is typed, so it is refused then
     */
    PassphraseReader(Console console, InputStream stdin, boolean stdinIsTerminal) {
        this.console = console;
        this.stdin = stdin;
        this.stdinIsTerminal = stdinIsTerminal;
    }

    /** Reads lines from {@code stdin} only: a pipe or a file. */
    static PassphraseReader fromStdin(InputStream stdin) {
        return new PassphraseReader(null, stdin, false);
    }

    /**
     * One passphrase, asked for as {@code prompt} says.
     *
     * @throws UsageException when none is given, it is empty or too long, the two entries of a
     *                        confirmed one differ, or it cannot be read without echo
     */
    char[] read(Command.Prompt prompt, String hint) throws UsageException {
        if (console != null) {
            return fromConsole(prompt, hint);
        }
        if (stdinIsTerminal) {
            throw new UsageException("cannot ask for the passphrase without echoing it: standard output is not a"
                    + " terminal; pipe the passphrase on standard input instead", hint);
        }
        return fromStdin(prompt, hint);
    }

    private char[] fromConsole(Command.Prompt prompt, String hint) throws UsageException {
        char[] first = console.readPassword("%s: ", prompt.text());
        checkGiven(first, prompt, hint);
        if (!prompt.confirm()) {
            return first;
        }
        char[] again = console.readPassword("%s again: ", prompt.text());
        try {
            if (again == null || !Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new UsageException("the two entries differ; nothing was sent", hint);
            }
            return first;
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /** One line, without its line end (\n or \r\n); spaces are kept, they may be part of the passphrase. */
    private char[] fromStdin(Command.Prompt prompt, String hint) throws UsageException {
        // A buffer of our own, zeroed below: a growing stream's old buffers could not be.
        byte[] line = new byte[MAX_LINE_BYTES];
        try {
            int length = 0;
            boolean ended = false;
            for (int b = stdin.read(); b >= 0; b = stdin.read()) {
                if (b == '\n') {
                    ended = true;
                    break;
                }
                if (length == line.length) {
                    throw new UsageException(prompt.text() + " on standard input is longer than " + MAX_LINE_BYTES
                            + " bytes", hint);
                }
                line[length++] = (byte) b;
            }
            if (!ended && length == 0) {
                throw new UsageException("expected " + prompt.text().toLowerCase(Locale.ROOT)
                        + " on standard input (one line each), found none; nothing was sent", hint);
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            char[] passphrase = decode(line, length, prompt, hint);
            checkGiven(passphrase, prompt, hint);
            return passphrase;
        } catch (IOException e) {
            throw new UsageException("cannot read standard input: " + e.getMessage(), hint);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    private static char[] decode(byte[] bytes, int length, Command.Prompt prompt, String hint) throws UsageException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] passphrase = new char[chars.remaining()];
            chars.get(passphrase);
            Arrays.fill(chars.array(), '\0');
            return passphrase;
        } catch (CharacterCodingException e) {
            throw new UsageException(prompt.text() + " on standard input is not UTF-8 text", hint);
        }
    }

    private static void checkGiven(char[] passphrase, Command.Prompt prompt, String hint) throws UsageException {
        if (passphrase == null) {
            throw new UsageException("no " + prompt.text().toLowerCase(Locale.ROOT) + " given; nothing was sent", hint);
        }
        if (passphrase.length == 0) {
            throw new UsageException(prompt.text() + " must not be empty; nothing was sent", hint);
        }
    }
}
