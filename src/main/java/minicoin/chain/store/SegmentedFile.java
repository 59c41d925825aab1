package minicoin.chain.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import minicoin.chain.OwnerOnly;

/**
 * Append-only files in numbered segments ({@code blocks-00000.dat}, {@code journal-00000.log}):
 * framed records are appended at the end of the last segment, a new segment is begun when a record
 * would take the current one past its bound, and nothing written is ever rewritten. Only the tail
 * past the last acknowledged commit is ever cut, at open.
 *
 * <p>One thread appends; reads of written records are safe from any thread.
 */
final class SegmentedFile implements AutoCloseable {

    private final Path dir;
    private final String prefix;
    private final String suffix;
    private final long segmentBytes;
    private final IoHook hook;
    private final Pattern namePattern;
    private final Map<Integer, FileChannel> channels = new HashMap<>();
    /** Segments written since the last force: a roll can leave two of them. */
    private final Set<Integer> unforced = new LinkedHashSet<>();
    private LogPosition end = LogPosition.START;

    SegmentedFile(Path dir, String prefix, String suffix, long segmentBytes, IoHook hook) {
        this.dir = dir;
        this.prefix = prefix;
        this.suffix = suffix;
        this.segmentBytes = segmentBytes;
        this.hook = hook;
        this.namePattern = Pattern.compile(Pattern.quote(prefix) + "(\\d{5})" + Pattern.quote(suffix));
    }

    String name(int segment) {
        return String.format("%s%05d%s", prefix, segment, suffix);
    }

    Path path(int segment) {
        return dir.resolve(name(segment));
    }

    /** The numbers of the segments on disk, in order. */
    List<Integer> segments() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher matcher = namePattern.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    numbers.add(Integer.parseInt(matcher.group(1)));
                }
            });
        }
        numbers.sort(null);
        return numbers;
    }

    LogPosition end() {
        return end;
    }

    /**
     * Makes {@code newEnd} the end: the segment it names is cut there, later segments are deleted.
     * Appends go on from there.
     */
    void truncateTo(LogPosition newEnd) throws IOException {
        for (int segment : segments()) {
            if (segment > newEnd.segment()) {
                close(segment);
                Files.delete(path(segment));
                hook.completed("delete", path(segment));
            }
        }
        Path file = path(newEnd.segment());
        if (Files.exists(file) && Files.size(file) > newEnd.offset()) {
            FileChannel channel = channel(newEnd.segment());
            channel.truncate(newEnd.offset());
            hook.completed("write", file);
            channel.force(true);
            hook.completed("force", file);
        }
        end = newEnd;
    }

    /** Appends one framed record and returns where it starts; durable only after {@link #force()}. */
    LogPosition append(byte[] frame) throws IOException {
        if (end.offset() > 0 && end.offset() + frame.length > segmentBytes) {
            end = new LogPosition(end.segment() + 1, 0);
        }
        LogPosition at = end;
        boolean created = !Files.exists(path(at.segment()));
        FileChannel channel = channel(at.segment());
        if (created) {
            FileSync.directory(dir, hook);
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        long position = at.offset();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        hook.completed("write", path(at.segment()));
        unforced.add(at.segment());
        end = new LogPosition(at.segment(), at.offset() + frame.length);
        return at;
    }

    /** Forces every segment written since the last force to the device. */
    void force() throws IOException {
        for (int segment : unforced) {
            // Data only (fdatasync): it still writes the file size the new records need.
            channel(segment).force(false);
            hook.completed("force", path(segment));
        }
        unforced.clear();
    }

    /** The intact frame at {@code position}, or null when none is there. */
    byte[] read(LogPosition position, int magic, int maxLength) throws IOException {
        return Frames.read(channel(position.segment()), position.offset(), magic, maxLength);
    }

    /** The whole segment, for a scan at open. */
    ByteBuffer map(int segment) throws IOException {
        FileChannel channel = channel(segment);
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    }

    /** Deletes every segment numbered below {@code segment}. */
    void deleteBelow(int segment) throws IOException {
        for (int number : segments()) {
            if (number < segment) {
                close(number);
                Files.delete(path(number));
                hook.completed("delete", path(number));
            }
        }
    }

    private synchronized FileChannel channel(int segment) throws IOException {
        FileChannel channel = channels.get(segment);
        if (channel == null) {
            channel = FileChannel.open(path(segment), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), OwnerOnly.fileAttributes(path(segment)));
            channels.put(segment, channel);
        }
        return channel;
    }

    private synchronized void close(int segment) throws IOException {
        FileChannel channel = channels.remove(segment);
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public synchronized void close() {
        try {
            for (FileChannel channel : channels.values()) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            channels.clear();
        }
    }
}
