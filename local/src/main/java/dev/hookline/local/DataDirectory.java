package dev.hookline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The folder where the local runtime keeps its state between runs: dynalite's LevelDB files under
 * {@code dynamodb/}, ElasticMQ's H2 database under {@code sqs/}. One runtime uses it at a time: it
 * holds a lock on {@code lock} while it runs, which the kernel releases when the process dies.
 */
public final class DataDirectory implements AutoCloseable {

    /** Where {@code hookline serve} keeps its state unless told otherwise. */
    public static final Path DEFAULT = Path.of(".hookline");

    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel lockFile, FileLock lock) {
        this.path = path;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Creates the folder if need be and takes its lock.
     *
     * @throws DataDirectoryInUseException when another running process holds it
     */
    public static DataDirectory open(Path folder) {
        Path path = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(path.resolve("dynamodb"));
            Files.createDirectories(path.resolve("sqs"));
            FileChannel channel = FileChannel.open(path.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirectoryInUseException(path);
            }
            return new DataDirectory(path, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + path + " as the data directory", e);
        }
    }

    public Path path() {
        return path;
    }

    /** dynalite's LevelDB files. */
    public Path dynamoDb() {
        return path.resolve("dynamodb");
    }

    /** ElasticMQ's H2 database. */
    public Path sqs() {
        return path.resolve("sqs");
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock on " + path, e);
        }
    }

    /** Another process, or another runtime in this one, is using the data directory. */
    public static final class DataDirectoryInUseException extends RuntimeException {
        public DataDirectoryInUseException(Path path) {
            super(path + " is in use by another hookline serve; stop it, or pass another --data-dir or --in-memory");
        }
    }
}
